// Array destructuring of names: an Array.isArray check, index reads, and unknown for anything else (a string here).
// inputs: [{"pair": [1, 2], "csv": "a,b"}, {"pair": [3], "csv": "x"}, {"pair": "ab", "csv": ""}]
function main(params) {
  const [x, , z] = params.pair;
  const [first, second] = params.csv.split(',');
  let [a, b] = [x, first];
  return { x, z, first, second, a, b };
}
