// A recursive helper: the call depth grows with the input.
// inputs: [{"n": 0}, {"n": 3}]
function fact(n) {
  if (n <= 1) return 1;
  return n * fact(n - 1);
}
function main(params) {
  return { f: fact(params.n) };
}
