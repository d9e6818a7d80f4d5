const PREFIX = 'item-';
function label(i, scale) {
  if (i % 2 === 0) {
    return PREFIX + i;
  }
  return `${PREFIX}${i * scale}`;
}
function main(args) {
  const items = [];
  let sum = 0;
  for (let i = 0; i < args.n; i++) {
    items.push(label(i, args.scale));
    sum += i * args.scale;
  }
  console.log('built', items.length, 'items', { sum });
  return { items, sum, ok: sum > 10 && args.n !== 3 };
}
