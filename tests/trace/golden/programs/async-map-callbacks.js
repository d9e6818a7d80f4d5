// Async arrow callbacks of map (`Promise.all(xs.map(async (x) => …))`): traced and inlined where they may run whole at their call; opaque when their tail logs, and for forEach.
// inputs: [{"xs": [1, 2, 3], "k": 10}, {"xs": [], "k": 1}, {"xs": [5], "k": -1}]
async function main(p) {
  const k = p.k;
  const doubled = await Promise.all(p.xs.map(async (x, i) => {
    const v = await Promise.resolve(x * 2);
    if (v > 4) return { big: v, i, k };
    return v + 1;
  }));
  const plain = await Promise.all(p.xs.map(async (x) => x + k));
  const logged = await Promise.all(p.xs.map(async (x) => {
    const v = await Promise.resolve(x);
    console.log('tail', v);
    return v;
  }));
  const seen = [];
  p.xs.forEach(async (x) => {
    seen.push(x);
  });
  return { doubled, plain, logged, seen };
}
