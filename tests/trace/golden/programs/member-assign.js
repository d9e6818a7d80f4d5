// Property writes, compound assignment to properties, and computed keys.
// inputs: [{"k": "a"}, {"k": "b"}]
function main(params) {
  const o = { a: 1, b: 2 };
  o[params.k] += 10;
  o.c = o.a * o.b;
  o.count = 0;
  o.count++;
  return o;
}
