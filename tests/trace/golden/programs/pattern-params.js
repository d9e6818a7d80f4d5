// Array and nested patterns in parameters (callbacks included), with defaults: `[...v]` then index reads, a rest by slice, object rests by spread and delete.
// inputs: [{"o": {"a": 1, "b": "x"}, "rows": [{"id": 1, "tags": ["t", "u"], "extra": true}, {"id": 2, "tags": []}], "pair": [5, 6]}, {"o": {}, "rows": [], "pair": [7]}]
function sum([a, b = 10], { k = 1 } = {}) {
  return a + b + k;
}
function main(params) {
  const entries = Object.entries(params.o).map(([k, v]) => k + '=' + v);
  const seen = [];
  Object.entries(params.o).forEach(([k]) => seen.push(k));
  const rows = params.rows.map(({ id, tags: [first = 'none', ...others], ...rest }) => ({ id, first, others, rest }));
  return { entries, seen, rows, s: sum(params.pair), t: sum(params.pair, { k: 3 }) };
}
