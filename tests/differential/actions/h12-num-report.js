// Metrics report formatter: toFixed/toPrecision/toExponential extremes, toString(radix), -0, NaN and Infinity in JSON and logs, parseInt/parseFloat/Number of odd strings (helper E's H12 hunt).
function fmt(x, digits) {
  if (typeof x !== 'number') return String(x);
  if (!Number.isFinite(x)) return x > 0 ? '+inf' : x < 0 ? '-inf' : 'nan';
  return x.toFixed(digits);
}

function main(args) {
  const values = args.values || [];
  const digits = args.digits === undefined ? 2 : args.digits;
  const radix = args.radix || 16;
  const rows = [];
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    const n = typeof v === 'string' ? Number(v) : v;
    sum += n;
    min = Math.min(min, n);
    max = Math.max(max, n);
    rows.push({
      raw: v,
      n,
      fixed: fmt(n, digits),
      prec: Number.isFinite(n) && n !== 0 ? n.toPrecision(Math.min(digits + 1, 21)) : String(n),
      exp: n.toExponential(digits),
      str: String(n),
      neg0: n === 0 && 1 / n < 0,
      int: parseInt(v, 10),
      flt: parseFloat(v),
      hex: Number.isInteger(n) ? n.toString(radix) : null,
      tpl: `${n}`,
    });
  }
  const mean = values.length ? sum / values.length : NaN;
  console.log('rows', rows.length, 'sum', sum, 'mean', mean, 'min', min, 'max', max);
  console.log(rows.map((r) => r.fixed).join(' | '));
  console.log('%d items, mean %f, max %i, %s', values.length, mean, max, fmt(mean, digits));
  return { rows, sum, mean, min, max, meanFixed: fmt(mean, digits), sumStr: '' + sum, ratio: sum / (max - min), neg: -sum };
}
