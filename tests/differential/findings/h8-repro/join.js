function f(x) { return x + '!'; }
function main(a) { return { t: [a.h, `T ${f(a.s)}`].join('-') }; }
