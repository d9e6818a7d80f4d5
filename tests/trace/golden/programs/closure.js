// A closure over a local of main: captured by value at its creation (a const, assigned once).
// inputs: [{"k": 3}]
function main(params) {
  const k = params.k;
  const addK = (x) => x + k;
  return { y: addK(1) };
}
