// A module-level memo table mutated through its properties (not a module binding write).
const memo = { 0: 0, 1: 1 };

function fib(n) {
  if (n in memo) return memo[n];
  const v = fib(n - 1) + fib(n - 2);
  memo[n] = v;
  return v;
}

function main(params) {
  const n = Math.min(Math.max(params.n | 0, 0), 70);
  return { n, fib: fib(n), known: Object.keys(memo).length };
}
