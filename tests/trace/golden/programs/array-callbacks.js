// map, filter, reduce, some, every, find and findIndex with arrow callbacks capturing a local.
// inputs: [{"xs": [3, 1, 4, 1, 5], "min": 2}, {"xs": [], "min": 0}, {"xs": [9, 2], "min": 10}]
function main(params) {
  const min = params.min;
  const xs = params.xs;
  const scaled = xs.map((x, i) => x * min + i);
  const big = xs.filter((x) => x >= min);
  const total = big.reduce((acc, x) => acc + x, 0);
  const anyBig = xs.some((x) => x > min * 2);
  const allPositive = xs.every((x) => x > 0);
  const first = xs.find((x) => x < min);
  const at = xs.findIndex((x) => x === min);
  return { scaled, big, total, anyBig, allPositive, first, at };
}
