// A capture chain: an inner closure captures a parameter of the outer closure and a const of main.
// inputs: [{"k": 3, "x": 4}, {"k": 0, "x": -2}]
function main(params) {
  const k = params.k;
  const outer = (a) => {
    const inner = (b) => a * b + k;
    return inner(a + 1);
  };
  return { r: outer(params.x), s: outer(k) };
}
