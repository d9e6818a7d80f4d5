const TABLE = { a: 1, b: 2 };
let calls = 0;
function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
function pick(o, ...keys) {
  const out = {};
  for (const k of keys) {
    if (k in o) out[k] = o[k];
  }
  return out;
}
function main(args) {
  const { name = 'anon', tags = [], n = 5 } = args;
  let i = 0;
  let s = '';
  while (i < 3) { s += i; i++; }
  do { i--; } while (i > 0);
  let kind;
  switch (typeof args.x) {
    case 'number': kind = 'num'; break;
    case 'string': kind = 'str'; break;
    default: kind = 'other';
  }
  const first = tags[0] ?? 'none';
  const flag = args.flag && !args.off ? 'on' : 'off';
  const nums = [3, 1, 2]; if (tags.length) nums.push(tags.length);
  const fibs = [];
  for (let j = 0; j < n; j++) fibs.push(fib(j));
  const picked = { a: TABLE.a, b: 'a' in TABLE };
  const text = JSON.stringify({ name, s }) + `${Math.max(...nums)}`;
  console.log(name.toUpperCase(), kind, first, flag);
  const mapped = nums.length;
  return { name, s, kind, first, flag, fibs, picked, text, mapped, u: name.slice(0, 2), r: delete picked.a };
}
