// Number formatting for a report: fixed decimals, radix strings, parsing of user-entered amounts, special values logged and returned.
function parseAmount(s) {
  if (typeof s === 'number') return s;
  const t = s.trim().replaceAll(',', '');
  const f = parseFloat(t);
  const i = parseInt(t, 10);
  return Number.isInteger(f) ? i : f;
}

function main(args) {
  const values = args.values;
  const digits = args.digits === undefined ? 2 : args.digits;
  const rows = [];
  let total = 0;
  for (const v of values) {
    const n = parseAmount(v);
    total += n;
    rows.push({
      in: v,
      n,
      fixed: n.toFixed(digits),
      hex: Number.isInteger(n) ? n.toString(16) : null,
      bin: Math.trunc(n).toString(2),
      str: String(n),
      sign: Math.sign(n),
      neg: -n,
      round: Math.round(n),
      finite: Number.isFinite(n),
      safe: Number.isSafeInteger(n),
    });
  }
  const avg = total / values.length;
  console.log('total', total, 'avg', avg, 'neg', -total);
  console.log(rows.map((r) => r.n));
  console.error('as text: ' + total + ' / ' + avg);
  return { rows, total, avg, avgText: `${avg}`, zero: 0 * -1, parsed: parseInt(args.raw, args.radix), pf: parseFloat(args.raw), num: Number(args.raw) };
}
