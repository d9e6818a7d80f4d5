// Console logging in a loop: stdout and stderr lines.
function label(i) {
  if (i % 15 === 0) return 'FizzBuzz';
  if (i % 3 === 0) return 'Fizz';
  if (i % 5 === 0) return 'Buzz';
  return String(i);
}

function main(params) {
  const n = Math.min(params.n || 0, 40);
  let fizz = 0;
  for (let i = 1; i <= n; i++) {
    const l = label(i);
    if (l === 'FizzBuzz') console.error('big one at', i);
    else console.log(l);
    if (l.startsWith('Fizz')) fizz++;
  }
  console.log({ n, fizz, nested: { list: [1, 'two', null], ok: true } });
  return { fizz };
}
