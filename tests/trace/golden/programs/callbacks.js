// A declared user function as the callback of map (a callback host): every invocation traced with the call.
// inputs: [{"xs": [1, 2, 3]}]
function double(x) {
  return x * 2;
}
function main(params) {
  return { ys: params.xs.map(double) };
}
