// Regular expression literals are opaque values: RegExp(pattern, flags) calls with an opaque target; the code around them is traced.
// inputs: [{"s": "a-b"}, {"s": ""}, {"s": "xyz", "loud": true}]
const WORD = /^[a-z]+$/i;

function main(p) {
  const s = p.s || 'none';
  const parts = s.split('-');
  const slug = p.loud ? s.replace(/[a-z]/g, (c) => c.toUpperCase()) : s;
  return { word: WORD.test(s), parts: parts.length, slug };
}
