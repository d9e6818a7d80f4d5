// Array literals with holes and spread.
// inputs: [{"xs": [1, 2]}]
function main(params) {
  const ys = [0, ...params.xs, , 9];
  return { ys, n: ys.length };
}
