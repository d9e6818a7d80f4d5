// Promise.all over async helpers not awaited at once (ids.map, a pair, a kept promise): inlined where the helper's code after its first await is quiet; one reading its parameter there stays opaque.
// inputs: [{"ids": [1, 2, 3]}, {"ids": []}, {"ids": [4], "raw": true}]
async function score(id) {
  const base = await Promise.resolve(10);
  if (base > 5) return { id, score: base * 2 };
  return { id, score: 0 };
}

async function label(id) {
  return 'user-' + id;
}

async function scaled(o) {
  const k = await Promise.resolve(3);
  return o.v * k;
}

async function main(args) {
  const scores = await Promise.all(args.ids.map((id) => score(id)));
  const [a, b] = await Promise.all([score(7), label(8)]);
  const kept = label(9);
  const out = { scores, a, b, kept: await kept, type: typeof kept };
  if (args.raw) out.raw = await Promise.all([scaled({ v: 2 })]);
  return out;
}
