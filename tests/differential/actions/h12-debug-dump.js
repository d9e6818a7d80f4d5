// Debug dump of a request's working data: console.log of arrays with extra properties and holes, quoted keys and strings, grouped number columns, depth limits, util.format specifiers (helper E's H12 hunt).
function main(args) {
  const xs = (args.xs || []).slice();
  if (args.tag !== undefined) xs.tag = args.tag;
  if (args.hole) xs[xs.length + 2] = 'end';
  const o = {};
  for (const k of args.keys || []) o[k] = k.length;
  const nested = { level1: { level2: { level3: { level4: args.deep } } }, list: [[[[args.deep]]]] };
  console.log(xs);
  console.log(o);
  console.log(nested);
  console.log('fmt:', args.fmt === undefined ? '%s|%d|%i|%f|%j|%%|%c.' : args.fmt, args.a, args.a, args.a, args.a, args.a, 'color: red');
  console.log([args.a, [args.a], { a: args.a }]);
  console.error('%o', args.a);
  return { n: xs.length, keys: Object.keys(o), tagged: xs.tag === undefined ? null : xs.tag };
}
