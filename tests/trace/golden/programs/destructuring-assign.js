// Destructuring assignment statements: a swap, nested and rest patterns, an object pattern with a default (its decisions recorded after the statement).
// inputs: [{"pair": [1, 2], "o": {"k": 1, "m": 2}}, {"pair": [3], "o": {"m": 5}}, {"pair": [], "o": {}}]
function main(params) {
  let [a, b] = params.pair;
  [a, b] = [b, a];
  let k, rest, first, more;
  ({ k = 'none', ...rest } = params.o);
  [first, ...more] = [a, b, k];
  let x = 0;
  let y = 0;
  for (let i = 0; i < 2; i++) [x, [y]] = [x + i, [y + 2]];
  return { a, b, k, rest, first, more, x, y };
}
