// Shared cells written by array callbacks: a sum, a last match, a duplicate count, map/filter/reduce counters.
// inputs: [{"items": [{"id": "a", "price": 2, "qty": 3, "ok": true}, {"id": "b", "price": 5, "qty": 1, "ok": false}], "xs": [1, 2, 1, 3, 2]}, {"items": [], "xs": []}]
function main(params) {
  let total = 0;
  params.items.forEach((it) => { total += it.price * it.qty; });
  let last;
  params.items.forEach((x) => { if (x.ok) last = x.id; });
  const seen = {};
  let dups = 0;
  params.xs.forEach((x) => { if (seen[x]) dups++; seen[x] = true; });
  let mapped = 0;
  const doubled = params.xs.map((x) => { mapped++; return x * 2; });
  let dropped = 0;
  const big = params.xs.filter((x) => { if (x > 1) return true; dropped += 1; return false; });
  let calls = 0;
  const sum = params.xs.reduce((acc, x) => { calls++; return acc + x; }, 0);
  return { total, last, dups, mapped, doubled, dropped, big, calls, sum };
}
