// for...in over plain objects and arrays: own enumerable keys in order, a key deleted before its turn skipped, break and continue; other prototypes are unknown.
// inputs: [{"o": {"b": 1, "a": 2, "2": 3, "1": 4}}, {"o": {"del": 1, "later": 2, "z": 3}}, {"o": {"x": 1, "stop": 2, "y": 3}}, {"o": [7, 8]}, {"o": null}, {"o": "str"}]
function main(p) {
  const seen = [];
  for (const k in p.o) {
    if (k === 'stop') break;
    if (k === 'a') continue;
    if (k === 'del') delete p.o.later;
    seen.push(k);
  }
  let n = 0;
  for (const i in [1, 2, 3]) n += Number(i);
  let last;
  outer: for (last in [4, 5]) {
    for (const j in p.o) {
      if (j === 'b') continue outer;
      n++;
    }
  }
  return { seen, n, last };
}
