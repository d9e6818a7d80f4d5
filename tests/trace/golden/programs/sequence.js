// Comma expressions and assignment as a value.
// inputs: [{}]
function main(params) {
  let a, b;
  const c = (a = 1, b = a + 1, a + b);
  let d = (a = 5);
  return { a, b, c, d };
}
