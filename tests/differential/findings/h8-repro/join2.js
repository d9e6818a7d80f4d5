function f(x) { return x + '!'; }
function main(a) { return { t: [a.h, f(a.s)].join('-') }; }
