// Unsupported statements (try, for...of, regex) become unknown; the rest is normalized.
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
