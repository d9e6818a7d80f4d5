// Declared functions as callbacks of map and filter, a host whose callback is a built-in, and sort's comparator (opaque).
// inputs: [{"xs": [3, -1, 2]}, {"xs": [0]}]
function double(x) {
  return x * 2;
}
function positive(x) {
  return x > 0;
}
function main(params) {
  const ys = params.xs.map(double).filter(positive);
  const names = params.xs.map(String);
  const sorted = [...params.xs].sort((a, b) => a - b);
  return { ys, names, sorted };
}
