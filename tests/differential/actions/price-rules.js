// Pricing engine: discount rules as closures built by factories, applied through callbacks, with a reduce for the top line and a memo table local to the activation.
function percentOff(p) {
  return (price) => price * (1 - p / 100);
}
function flatOff(v) {
  return (price) => Math.max(0, price - v);
}
function makeRule(r) {
  if (r.type === 'pct') return percentOff(r.value);
  if (r.type === 'flat') return flatOff(r.value);
  return (price) => price;
}

function main(args) {
  const rules = args.rules.map(makeRule);
  const memo = {};
  const priceOf = (sku, base) => {
    if (memo[sku] !== undefined) return memo[sku];
    const v = rules.reduce((p, f) => f(p), base);
    memo[sku] = Math.round(v * 100) / 100;
    return memo[sku];
  };
  const lines = args.cart.map((l) => ({ sku: l.sku, unit: priceOf(l.sku, l.price), qty: l.qty }));
  const top = lines.reduce((best, l) => (best === null || l.unit * l.qty > best.unit * best.qty ? l : best), null);
  const total = lines.reduce((s, l) => s + l.unit * l.qty, 0);
  const cheapest = lines.find((l) => l.unit === Math.min(...lines.map((x) => x.unit)));
  console.log('priced', lines.length, 'lines', total.toFixed(2));
  return { lines, top: top ? top.sku : null, total: Number(total.toFixed(2)), cheapest: cheapest ? cheapest.sku : null, memo: Object.keys(memo) };
}
