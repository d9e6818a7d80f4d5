// for...of over an array (an index loop behind Array.isArray), with break and continue.
// inputs: [{"xs": [1, -2, 3, 99, 4]}, {"xs": []}, {"xs": "ab"}]
function main(params) {
  let sum = 0;
  const seen = [];
  for (const x of params.xs) {
    seen.push(x);
    if (x === 99) break;
    if (x < 0) continue;
    sum += x;
  }
  return { sum, seen };
}
