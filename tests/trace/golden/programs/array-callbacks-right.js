// findLast, findLastIndex, reduceRight and flatMap with arrow callbacks capturing a local (holes: findLast visits them, reduceRight and flatMap skip them).
// inputs: [{"xs": [3, 1, 4, 1, 5], "min": 2}, {"xs": [], "min": 0}, {"xs": [9, 2], "min": 10}]
function main(params) {
  const min = params.min;
  const xs = params.xs;
  const last = xs.findLast((x) => x < min);
  const lastAt = xs.findLastIndex((x, i) => x === min || i === 0);
  const joined = xs.reduceRight((acc, x, i) => acc + x * min + i, '');
  const pairs = xs.flatMap((x, i, arr) => (x > min ? [x, [i]] : arr.length));
  const sparse = [1, , 3];
  const holes = [sparse.findLast((x) => x === undefined), sparse.findLastIndex((x) => x === undefined), sparse.reduceRight((a, x) => a + x), sparse.flatMap((x) => [x, , x])];
  return { last, lastAt, joined, pairs, holes };
}
