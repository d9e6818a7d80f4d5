// Unicode text stats: UTF-16 lengths, slices through surrogate pairs, code points, and a truncation for a preview.
function main(args) {
  const s = args.s;
  const max = args.max || 5;
  const codes = [];
  for (let i = 0; i < s.length && i < 12; i++) codes.push(s.charCodeAt(i).toString(16).padStart(4, '0'));
  const points = [];
  for (let i = 0; i < s.length && points.length < 8; i++) {
    const cp = s.codePointAt(i);
    points.push(cp);
    if (cp > 0xffff) i++;
  }
  const preview = s.length > max ? s.slice(0, max) + '…' : s;
  const words = s.split(' ');
  const rev = s.split('').reverse().join('');
  console.log('preview', preview, [s.charAt(max - 1)], s.length);
  console.log({ head: s.slice(0, 1), tail: s.slice(-1), mid: s.substring(1, 3) });
  return {
    len: s.length,
    preview,
    codes,
    points,
    words: words.length,
    upper: s.toUpperCase(),
    lower: s.toLowerCase(),
    at: s.at(-1),
    ch: s.charAt(1),
    rev,
    json: JSON.stringify(s.slice(0, 3)),
    idx: s.indexOf(args.find || 'é'),
    pad: s.padEnd(max + 2, '·'),
  };
}
