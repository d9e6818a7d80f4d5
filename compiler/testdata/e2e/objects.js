function main(args) {
  const xs = [1, 'two', , args.k];
  const o = { a: 1, b: xs, [args.k]: true, ...args.extra };
  o.count = xs.length;
  o['10'] = 'ten';
  o['2'] = 'two';
  const removed = delete o.a;
  return { o: o, list: [o.b, null, -0, 1e21, 0.1 + 0.2, ...xs], removed: removed };
}
