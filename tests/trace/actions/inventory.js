// Inventory report: destructured parameters with defaults, for...of over entries, switch, optional chaining.
function classify(qty, { low = 5, high = 100 }) {
  if (qty <= 0) return 'out';
  if (qty < low) return 'low';
  return qty > high ? 'over' : 'ok';
}

function label(status) {
  switch (status) {
    case 'out':
      return 'Out of stock';
    case 'low':
      return 'Reorder soon';
    case 'over':
      return 'Overstocked';
    default:
      return 'OK';
  }
}

function main({ stock, limits, owner }) {
  const report = [];
  const counts = { out: 0, low: 0, ok: 0, over: 0 };
  for (const [sku, qty] of Object.entries(stock ?? {})) {
    const status = classify(qty, limits || {});
    counts[status]++;
    report.push(`${sku}: ${label(status)}`);
  }
  return { report, counts, contact: owner?.email ?? 'nobody', city: owner?.address?.city };
}
