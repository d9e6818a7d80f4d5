// Invoice builder: line totals with discounts and tax, money formatting (toFixed, padStart), an array of lines in the result, dates as ISO strings, a summary log (helper E's H13 hunt).
const TAX = { std: 0.2, reduced: 0.055, zero: 0 };

function money(x) {
  const cents = Math.round(x * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100));
  let grouped = '';
  for (let i = 0; i < units.length; i++) {
    if (i > 0 && (units.length - i) % 3 === 0) grouped += ',';
    grouped += units[i];
  }
  return `${sign}${grouped}.${String(abs % 100).padStart(2, '0')}`;
}

function line(item, i) {
  const qty = Number(item.qty ?? 1);
  const price = Number(item.price);
  const gross = qty * price;
  const discount = item.discount ? gross * Math.min(Math.max(item.discount, 0), 1) : 0;
  const net = gross - discount;
  const rate = TAX[item.tax || 'std'] ?? TAX.std;
  const tax = net * rate;
  return { n: i + 1, sku: String(item.sku || '?').toUpperCase(), qty, net: Number(net.toFixed(2)), tax: Number(tax.toFixed(2)), total: net + tax, label: `${item.name || 'item'} x${qty}` };
}

function main(args) {
  const items = Array.isArray(args.items) ? args.items : [];
  const lines = items.map(line);
  let net = 0;
  let tax = 0;
  for (const l of lines) {
    net += l.net;
    tax += l.tax;
  }
  const issued = new Date(args.issued || 0);
  const due = new Date(issued.getTime() + (args.days ?? 30) * 86400000);
  const summary = { customer: args.customer || null, count: lines.length, net: money(net), tax: money(tax), total: money(net + tax), issued: issued.toISOString(), due: due.toISOString().slice(0, 10) };
  console.log('invoice', summary.customer, summary.count, 'lines', summary.total);
  if (lines.length === 0) console.error('empty invoice for', args.customer);
  return { summary, lines: lines.map((l) => ({ ...l, total: money(l.total) })), raw: lines.map((l) => l.total) };
}
