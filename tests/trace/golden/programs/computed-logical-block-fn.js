// Logical assignment to computed members (the key converted once, the decision recorded from whether the value ran) and a function declared in a block.
// inputs: [{"k": "a", "o": {"a": 0}, "n": 2}, {"k": "b", "o": {"b": null}, "n": 0}, {"k": 1, "o": {"1": "x"}, "n": 1}]
function main(params) {
  const counts = {};
  const o = params.o;
  for (const key of [params.k, 'z', params.k]) {
    counts[key] ??= 0;
    counts[key] += 1;
  }
  o[params.k] ||= 'filled';
  o[params.k] &&= o[params.k] + '!';
  let twice = 0;
  if (params.n > 0) {
    function double(x) {
      return x * 2;
    }
    twice = double(params.n);
  }
  return { counts, o, twice };
}
