// Mail merge: fills {placeholders} of a template with the caller's values using string replace/replaceAll, then cuts a preview and logs it.
function main(args) {
  const tpl = args.template;
  const vals = args.values;
  let text = tpl;
  const used = [];
  for (const k of Object.keys(vals)) {
    const mark = '{' + k + '}';
    if (text.includes(mark)) used.push(k);
    text = args.all ? text.replaceAll(mark, vals[k]) : text.replace(mark, vals[k]);
  }
  const missing = text.indexOf('{') >= 0 && text.indexOf('}') > text.indexOf('{');
  const n = args.preview || 10;
  const preview = text.slice(0, n);
  const lines = text.split('\n');
  console.log('preview:', preview);
  console.log([preview], { last: text.slice(-n) });
  console.error(`merged ${used.length} of ${Object.keys(vals).length}: ${used.join(', ')}`);
  return { text, preview, tail: text.slice(-n), used, missing, lines: lines.length, json: JSON.stringify(preview), first: text.charAt(n - 1), code: text.charCodeAt(n - 1) };
}
