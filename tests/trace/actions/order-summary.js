// A JSON transform: order lines to totals, with discounts and rounding.
function lineTotal(line) {
  const qty = line.qty || 0;
  let total = qty * line.price;
  if (qty >= 10) total = total * 0.9;
  return Math.round(total * 100) / 100;
}

function main(params) {
  const lines = params.lines || [];
  const out = [];
  let sum = 0;
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lineTotal(lines[i]);
    sum += t;
    count += lines[i].qty || 0;
    out.push({ sku: lines[i].sku, total: t });
  }
  const shipping = sum > 100 ? 0 : 7.5;
  return { lines: out, items: count, subtotal: sum.toFixed(2), shipping, total: (sum + shipping).toFixed(2) };
}
