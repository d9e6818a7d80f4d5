// A numeric loop: the sieve of Eratosthenes.
function main(params) {
  const n = Math.min(Math.max(params.n | 0, 0), 5000);
  const composite = [];
  for (let i = 0; i <= n; i++) composite.push(false);
  const primes = [];
  let i = 2;
  while (i <= n) {
    if (!composite[i]) {
      primes.push(i);
      for (let j = i * i; j <= n; j += i) composite[j] = true;
    }
    i++;
  }
  return { count: primes.length, last: primes[primes.length - 1], first: primes.slice(0, 5) };
}
