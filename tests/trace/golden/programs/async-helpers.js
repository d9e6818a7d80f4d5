// async/await without I/O: an async helper awaited at once is inlined; one whose promise is kept is opaque; await of a plain value.
// inputs: [{"n": 2}, {"n": 0}, {"n": -1}, {"n": 30}]
async function double(x) {
  if (x < 0) throw new RangeError('negative: ' + x);
  const y = await x;
  return y * 2;
}

async function main(p) {
  const a = await double(p.n);
  const kept = double(a + 1);
  const b = await kept;
  const c = await 7;
  return { a, b, c, big: a > 10 };
}
