// Prefix and postfix updates as values, on numbers and numeric strings.
// inputs: [{"s": "5"}]
function main(params) {
  let x = params.s;
  const a = x++;
  const b = ++x;
  let y = 10;
  const c = y--;
  return { a, b, c, x, y };
}
