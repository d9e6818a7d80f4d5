function main(a) { return { t: [a.h, `T ${a.s}`].join('-') }; }
