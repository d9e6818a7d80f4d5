function f(x) { return x + '!'; }
function main(a) { const s = f(a.s); return { t: [a.h, s].join('-') }; }
