// String formatting of an invoice line set, logged with console.log/console.error of objects and arrays.
function money(n, currency) {
  const fixed = n.toFixed(2);
  const whole = fixed.slice(0, fixed.length - 3);
  const cents = fixed.slice(fixed.length - 2);
  return `${currency === 'EUR' ? '€' : '$'}${whole.padStart(6, ' ')}.${cents}`;
}

function main(args) {
  const currency = args.currency || 'USD';
  const lines = [];
  let sum = 0;
  for (const item of args.items || []) {
    const label = String(item.label).padEnd ? String(item.label) : '?';
    const amount = item.price * (item.qty || 1);
    sum += amount;
    lines.push(`${label.toUpperCase().padStart(10, '.')} ${String(item.qty || 1).padStart(3, '0')} ${money(amount, currency)}`);
  }
  const header = ['INVOICE', args.number, currency].join(' / ');
  console.log(header);
  console.log({ lines: lines.length, sum, currency, meta: { number: args.number, tags: ['a', 'b'] } });
  if (sum > 1000) console.error('large invoice', [sum, currency], { warn: true });
  // (Not `[header, ...lines, total].join()`: a method call on an array literal with a spread never runs natively, finding F4.)
  const all = [header].concat(lines);
  all.push(`TOTAL ${money(sum, currency)}`);
  return { text: all.join('\n'), sum };
}
