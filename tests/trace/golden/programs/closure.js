// A closure over a local of main: its creation is unsupported.
// inputs: [{"k": 3}]
function main(params) {
  const k = params.k;
  const addK = (x) => x + k;
  return { y: addK(1) };
}
