// CPU benchmark action: the sieve of Eratosthenes up to args.n, counting and summing primes.
function main(args) {
  const n = args.n;
  const composite = [];
  for (let i = 0; i <= n; i++) composite.push(false);
  for (let p = 2; p * p <= n; p++) {
    if (composite[p]) continue;
    for (let m = p * p; m <= n; m += p) composite[m] = true;
  }
  let count = 0;
  let sum = 0;
  let last = 0;
  for (let i = 2; i <= n; i++) {
    if (!composite[i]) {
      count++;
      sum += i;
      last = i;
    }
  }
  return { n, count, sum, last };
}
