// Defaults of nested patterns marked without changing V8's TypeError text: an array literal default of a nested array pattern or an array pattern parameter (a trailing H.dq[site] element), a non-empty object literal default of a nested object pattern (its last value wrapped), an empty one directly in a declaration over a name (a peek of the property in an added one); a null or non-iterable value throws V8's own text.
// inputs: [{"user": {"tags": ["a", "b"], "pos": [3, 4]}, "pairs": [[1, [2]], [3]]}, {"user": {}, "pairs": [[5]]}, {"user": {"tags": null}, "pairs": []}, {"user": {"tags": 5}, "pairs": []}, {"user": {"pos": null}, "pairs": []}, {"user": {"opts": null}, "pairs": []}, {"user": {}, "pairs": [], "meta": {"id": 7}}, {"user": {}, "pairs": [], "meta": null}]
function head([first, second] = ['none']) {
  return first + (second === undefined ? '' : second);
}
function main(params) {
  const { meta: { id = 0 } = {}, user } = params;
  const { tags: [first, second = '-'] = [], pos: [x, y] = [0, 0], opts: { mode, depth = 1 } = { mode: 'fast' } } = user;
  const nested = params.pairs.map(([a, [b] = [10]]) => a + b);
  let n = 0;
  for (const [a, [b, c] = [1, 2]] of params.pairs) n += a + b + (c || 0);
  return { id, first, second, x, y, mode, depth, nested, n, h: head(params.user.tags), h0: head() };
}
