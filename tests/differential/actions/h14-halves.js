// Lone surrogate halves made inside the action (split, charAt, index, slice of astral text) appended in place, kept in views, logged and returned (JSON escapes them, the log writes U+FFFD) (helper E2's H14 hunt).
function main(args) {
  const text = String(args.s);
  let s = '';
  const views = [];
  for (const ch of text.split('')) {
    s += ch;
    views.push(s);
  }
  const hi = text.charAt(0);
  const lo = text[1];
  let built = hi;
  built += '-';
  built += lo;
  const joined = hi + lo;
  const rotated = text.substring(1) + text.slice(0, 1);
  console.log('views', views.join('|'), hi, lo, joined);
  console.error(JSON.stringify({ hi, lo, built }));
  return { views, hi, lo, built, joined, rotated, len: built.length, codes: [built.charCodeAt(0), built.charCodeAt(2)], json: JSON.stringify(views), str: String(views), tmpl: `<${hi}>` };
}
