// Closures over a for (let …; …; update) variable: one binding per iteration (a new box after the initialization and before each update), with continue.
// inputs: [{"n": 4, "xs": [0, 1, 2, 3]}, {"n": 0, "xs": []}]
function main(params) {
  const getters = [];
  for (let i = 0; i < params.n; i++) {
    if (i === 1) continue;
    getters.push(() => i);
  }
  const counts = [];
  for (let k = 0; k < params.n; k += 2) counts.push(params.xs.filter((x) => x > k).length);
  return { got: getters.map((g) => g()), counts };
}
