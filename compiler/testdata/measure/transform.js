// A typical small action: validates input, transforms records, builds a summary, logs.
const CURRENCY = 'EUR';
const RATES = { EUR: 1, USD: 1.08, GBP: 0.86 };

function cents(amount) {
  return Math.round(amount * 100) / 100;
}

function convert(amount, currency) {
  const rate = RATES[currency];
  if (rate === undefined) {
    return amount;
  }
  return cents(amount / rate);
}

function describe(record, index) {
  const name = record.name ? String(record.name) : 'record ' + index;
  const total = convert(record.amount * record.quantity, record.currency);
  return { id: index + 1, name: name.toUpperCase(), total, currency: CURRENCY };
}

function main(params) {
  const records = params.records || [];
  const out = [];
  let grand = 0;
  let skipped = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.quantity <= 0) {
      skipped++;
      continue;
    }
    const d = describe(r, i);
    grand = grand + d.total;
    out.push(d);
  }
  console.log(`converted ${out.length} records, skipped ${skipped}`);
  return {
    records: out,
    summary: { count: out.length, skipped, grand: cents(grand), currency: CURRENCY },
  };
}
