// A user callback called by a built-in (map): its target is opaque.
// inputs: [{"xs": [1, 2, 3]}]
function double(x) {
  return x * 2;
}
function main(params) {
  return { ys: params.xs.map(double) };
}
