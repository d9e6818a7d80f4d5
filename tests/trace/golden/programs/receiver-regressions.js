// Regressions of the differential fuzzer: a conditional in a method's receiver or in an array spread is traced, an array literal with a negative number keeps its built-in method.
// inputs: [{"a": "q"}, {"a": ""}, {}, {"a": 1}]
function main(p) {
  const s = (p.a ? 'x' : 'y').toString();
  const j = [-1, p.a, -0.5].join('-');
  const u = (p.a || 'z').toUpperCase();
  const xs = [...(p.a ? [1, 2] : 'ab'), ...(p.missing ?? [])];
  return { s, j, u, xs };
}
