// Text and integer arithmetic the compiler keeps in integer locals (products, remainders, charCodeAt behind an interval analysis), + chains as one concatenation, and strings appended in place with earlier views kept (helper E2's H14 hunt).
function hash(s) {
  let h = 7;
  let f = 0;
  for (let i = 0; i < s.length; i++) {
    h = (h * 31 + s.charCodeAt(i)) % 1000003;
    f = ((f << 5) - f + s.charCodeAt(i)) | 0;
  }
  return { h, f, u: f >>> 0 };
}

function main(args) {
  const x = args.x;
  const y = args.y;
  const k = args.k | 0;
  const s = String(args.s);
  let p = 1;
  for (let i = 0; i < k; i++) p = p * 3;
  let d = 0;
  for (let i = k; i > -k; i--) d = d + (i % 4) * (i % 5);
  const c = s.length > 1 ? s.charCodeAt(0) * s.charCodeAt(1) : -1;
  const math = { prod: x * y, rem: x % y, negRem: -x % y, floor: Math.floor(x / y), big: (x * 2654435761) % 4294967296, mod: (x * y) % 1000000007, diff: (x + y) * (x - y), p, d, c, inv: 1 / (x % y) };
  // + chains: numbers first add, then concatenate.
  const chains = [x + y + '|', '|' + x + y, k + k * 2 + '' + k + k * 2, x + y + s + x + y, (x * y) + ':' + (k % 3) + ':' + (k - x)];
  let out = s;
  const first = out;
  out += '+';
  const second = out;
  const parts = [];
  for (let i = 0; i < k && i < 6; i++) {
    out += s.charAt(i % Math.max(s.length, 1)) + i;
    parts.push(out);
  }
  const last = out.charCodeAt(out.length - 1);
  console.log('text', out.length, math.prod, chains[0]);
  return { math, chains, first, second, parts, out, last, rev: out.split('').reverse().join(''), hash: hash(out) };
}
