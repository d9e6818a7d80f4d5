// Logs objects holding closures, dates and special numbers with console.log/console.error, and returns their JSON forms.
function main(args) {
  const when = new Date(args.ts);
  const unit = args.unit || 'ms';
  const fmt = (n) => `${n}${unit}`;
  const plain = function (x) { return x; };
  const entry = { id: args.id, when, fmt, nested: { epoch: new Date(0), list: [when, fmt, plain] } };
  console.log('entry', entry);
  console.log(when, [when]);
  console.error('formatters', [fmt, plain], { fmt });
  const neg = -1 * (args.n || 0);
  const ratio = args.n / args.d;
  console.log('numbers', neg, ratio, [neg, ratio, args.n * 1e300]);
  if (args.extra) console.log('extra', args.extra);
  return { id: plain(args.id), iso: when.toISOString(), json: JSON.stringify(entry), fmt: fmt(args.n), neg, ratio, ms: when.getTime() };
}
