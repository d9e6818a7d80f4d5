// Built-in methods of array literals holding template literals and spreads, and of template literals: traced with the built-in as callee (F4).
// inputs: [{"h": "a", "s": "b", "xs": ["c", "d"]}, {"h": "x", "s": "y", "xs": []}]
function main(a) {
  const t = [a.h, `T ${a.s}`].join('-');
  const lines = [`# ${a.h}`, ...a.xs].join('\n');
  const u = `${a.h}!`.toUpperCase();
  const n = [...a.xs, `${a.s}`].indexOf(a.s);
  return { t, lines, u, n };
}
