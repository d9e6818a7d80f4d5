// Rest elements and rest parameters: `const [x, ...tail]`, `const { a, ...rest }`, `function f(a, ...xs)` and an arrow's `(...xs)`; holes are read as undefined, dense.
// inputs: [{"xs": [1, 2, 3], "a": 1, "b": 2, "c": 3}, {"xs": [], "a": "z"}, {"xs": [4, null], "b": null}]
function tail(first, ...more) {
  const size = () => more.length; // a closure over the rest parameter
  return { first, more, n: size() };
}
function main(params) {
  const [x, ...rest] = params.xs;
  const [, ...holes] = [0, , 2];
  const { a, ...others } = params;
  const count = (...all) => all.length;
  return { x, rest, holes, a, others, t1: tail(1), t3: tail(1, 2, 3), c: count(x, a, ...params.xs) };
}
