// Defaults in object patterns: in a declaration and in a parameter.
// inputs: [{"name": "Ann", "size": 3}, {}]
function area({ w = 2, h = 3 }) {
  return w * h;
}
function main(params) {
  const { name = 'World', size = 1 } = params;
  return { greeting: `Hello, ${name}`, size, a: area({ w: size }) };
}
