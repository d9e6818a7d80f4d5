// Table exporter: default sort of mixed values, integer-like object keys and their order, JSON.stringify with replacer arrays and indents (helper E's H12 hunt).
function main(args) {
  const rows = args.rows || [];
  const index = {};
  for (const r of rows) {
    const key = String(r.key);
    if (index[key] === undefined) index[key] = [];
    index[key].push(r.v);
  }
  if (args.drop !== undefined) delete index[String(args.drop)];
  if (args.add !== undefined) index[args.add] = 'added';
  const keys = Object.keys(index);
  const values = rows.map((r) => r.v);
  const sorted = values.slice().sort();
  const keysSorted = keys.slice().sort();
  const reversed = values.slice().reverse();
  const fields = args.fields === undefined ? null : args.fields;
  const indent = args.indent === undefined ? 2 : args.indent;
  const doc = { count: rows.length, index, sorted };
  const text = JSON.stringify(doc, fields, indent);
  console.log(text);
  console.log(keys, sorted);
  console.log(JSON.stringify(values), JSON.stringify(index, null, '\t'));
  return { keys, keysSorted, sorted, reversed, text, entries: Object.entries(index).length, compact: JSON.stringify(index, fields) };
}
