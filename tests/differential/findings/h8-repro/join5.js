function main(a) { return { t: [a.h, ...a.xs].join('-') }; }
