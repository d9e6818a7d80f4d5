// Order pipeline: prices line items with filter/map/reduce/some over arrow closures that capture config constants and locals.
const TAX = 0.2;
const CURRENCY = 'EUR';
const DISCOUNTS = { gold: 0.1, silver: 0.05 };
const round2 = (n) => Math.round(n * 100) / 100;

function main(args) {
  const items = args.items;
  if (!Array.isArray(items)) return { error: 'items must be an array' };
  const tier = args.tier || 'none';
  const rate = DISCOUNTS[tier] || 0;
  const minQty = args.minQty === undefined ? 1 : args.minQty;
  const valid = items.filter((it) => it !== null && typeof it === 'object' && typeof it.price === 'number' && it.qty >= minQty);
  const lines = valid.map((it, i) => {
    const gross = it.price * it.qty;
    const net = gross * (1 - rate);
    return { n: i + 1, sku: String(it.sku).toUpperCase(), net: round2(net), tax: round2(net * TAX) };
  });
  const total = lines.reduce((sum, l) => sum + l.net + l.tax, 0);
  const heavy = lines.some((l) => l.net > 100);
  const skus = lines.map((l) => l.sku).join(',');
  // A sparse summary row: the hole stays a hole in map's output and is skipped by forEach.
  const slots = [total, , lines.length].map((v) => (v === undefined ? 'none' : v));
  const seen = { n: 0 };
  slots.forEach(() => seen.n++);
  // Negative zero and NaN computed from the input (JSON cannot carry them).
  const credit = -(args.credit || 0) * 0;
  const avg = lines.length ? total / lines.length : total / 0 - total / 0;
  console.log('order', tier, lines.length, 'of', items.length, { credit, avg, heavy });
  if (args.note) console.log('note:', args.note.trim());
  return { currency: CURRENCY, lines, total: round2(total), skus, dropped: items.length - valid.length, heavy, slots, seen: seen.n, credit, avg, zeroSign: 1 / credit };
}
