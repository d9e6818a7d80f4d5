// Unsupported code (a regular expression is an opaque value, for...of over a non-array) becomes unknown or opaque; the rest, try/catch included, is normalized.
// inputs: [{"xs": [1, 2]}]
function main(params) {
  let total = 0;
  for (const x of params.xs) total += x;
  let ok;
  try {
    ok = /a+/.test('aaa');
  } catch (e) {
    ok = false;
  }
  return { total, ok };
}
