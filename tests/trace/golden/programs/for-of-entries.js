// for...of with an array pattern over Object.entries: each element destructured by index.
// inputs: [{"o": {"a": 1, "b": 2}}, {"o": {}}]
function main(params) {
  const out = [];
  for (const [k, v] of Object.entries(params.o)) {
    out.push(k + '=' + v);
  }
  return { out: out.join('&') };
}
