// Audit logging: util.format specifiers, objects, arrays and numbers written with console.log/console.error.
function main(args) {
  const user = args.user;
  const n = args.items.length;
  console.log('user %s has %d item(s)', user.name, n);
  console.log('raw %j and %i%%', args.items, args.score);
  console.log('record', user, 'items', args.items);
  console.log('nested', { level1: { level2: { level3: { level4: 'deep' } } }, list: args.items });
  console.error('score', args.score, -args.score, args.score / 3, [args.score * 1e21, 0.1 + 0.2]);
  console.log(`done: ${user.name.toUpperCase()} / ${String(args.score / 7)} / ${(args.score / 7).toFixed(3)}`);
  const summary = { name: user.name, n, score: args.score, ratio: n / args.score, neg: -0 * args.score, tags: user.tags };
  console.log(summary);
  return { summary, line: JSON.stringify(summary), keys: Object.keys(user).join(',') };
}
