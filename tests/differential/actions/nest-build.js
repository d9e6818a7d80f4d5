// Tree builder: wraps a leaf in `depth` levels of {child} (a linked chain) or arrays, and returns it or its JSON (deep results and their serialization).
function main(args) {
  let node = { leaf: args.leaf };
  for (let i = 0; i < args.depth; i++) node = args.arrays ? [node] : { level: i, child: node };
  const wide = [];
  for (let i = 0; i < args.width; i++) wide.push({ i, s: 'item-' + i });
  if (args.asText) return { text: JSON.stringify(node).length, wide: wide.length };
  return { tree: node, wide };
}
