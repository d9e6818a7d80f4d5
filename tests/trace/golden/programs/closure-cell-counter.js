// Shared cells kept by closures: a local counter, a helper's counter (its parameter boxed), two levels of nesting.
// inputs: [{"n": 3, "start": 10}, {"n": 0, "start": -1}]
function counter(start) {
  let n = start;
  return () => ++n;
}
function main(params) {
  let count = 0;
  const inc = () => { count++; };
  inc();
  inc();
  const next = counter(params.start);
  next();
  const second = next();
  let depth = 0;
  const outer = () => {
    let inner = 0;
    const bump = () => { depth += 1; inner += 10; };
    bump();
    bump();
    return inner;
  };
  const got = outer();
  const from = (k) => () => { k = k * 2; return k; };
  const dbl = from(params.n);
  dbl();
  return { count, second, depth, got, k: dbl() };
}
