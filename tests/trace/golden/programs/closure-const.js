// A closure over a const of main (captured by value at creation), called twice.
// inputs: [{"base": 10, "xs": 2}, {"base": -1, "xs": 5}]
function main(params) {
  const base = params.base * 2;
  const offset = (x) => {
    if (x > base) return x - base;
    return base - x;
  };
  return { a: offset(params.xs), b: offset(0) };
}
