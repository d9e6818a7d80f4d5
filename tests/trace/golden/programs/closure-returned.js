// A closure made by a helper (over the helper's parameter) and called by main.
// inputs: [{"n": 5, "x": 1}, {"n": -3, "x": 10}]
function adder(n) {
  const step = n > 0 ? n : -n;
  return (x) => x + step;
}
function main(params) {
  const add = adder(params.n);
  const twice = adder(params.n * 2);
  return { y: add(params.x), z: twice(add(params.x)) };
}
