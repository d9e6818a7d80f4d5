// Settings exporter: builds a settings document with integer-like keys, deletes and re-adds keys, and serializes it with JSON.stringify indents and special values.
function main(args) {
  const s = args.settings;
  const doc = {};
  for (const k of Object.keys(s)) doc[k] = s[k];
  delete doc.secret;
  doc.exported = true;
  if (args.rename) {
    const v = doc[args.rename];
    delete doc[args.rename];
    doc[args.rename] = v;
  }
  doc[args.slot] = 'slot';
  const indent = args.indent;
  const text = JSON.stringify(doc, null, indent);
  const withSpecial = JSON.stringify({ nan: 0 / 0, inf: -1 / 0, u: undefined, f: main, arr: [undefined, main, NaN, -0], nested: { d: new Date(0) } });
  console.log(Object.keys(doc).join(','));
  console.log(doc);
  return { keys: Object.keys(doc), values: Object.values(doc).length, text, lines: text.split('\n').length, withSpecial, entries: Object.entries(doc).slice(0, 3), parsed: JSON.parse(text) };
}
