// Debug logging of request shapes: nested objects and arrays, quoted strings, undefined, null, -0, long arrays and util.format specifiers.
function main(args) {
  const item = args.item;
  const depth = { l1: { l2: { l3: { l4: item } } } };
  const list = args.list;
  console.log(item);
  console.log('item=%s count=%d ratio=%f json=%j', item.name, item.count, item.count / 3, item);
  console.log(depth);
  console.log([item, [item, [item, [item]]]]);
  console.log(list);
  console.log('list %O', list.slice(0, 3));
  console.error({ name: item.name, quote: `it's "${item.name}"`, empty: {}, none: [], u: undefined, n: null, z: -0, neg: -item.count });
  console.log(item.name, item.count, -0, [-0], { 'a-b': 1, 2: 'two', 10: 'ten', b: true }, '100%', '%%');
  console.warn([undefined, null, , 'x'], [1, , 3], [, ,]);
  console.info(list.map((x) => x * 2), list.length);
  return { ok: true, n: list.length, s: String(list), j: JSON.stringify(depth) };
}
