// Input validator that lets V8 report malformed input: destructuring, iteration, calls, `new`, `in`, instanceof and conversions of wrong values, with V8's own messages (which name the source text) (helper E's H12 hunt).
function pick({ id, meta: { tags } }) {
  return id + ':' + tags.length;
}

async function main(args) {
  const m = args.mode;
  if (m === 'ok') return { ok: pick(args.rec) };
  if (m === 'destructure') { const { a } = args.missing; return { a }; }
  if (m === 'destructure-nested') { const { rec: { meta: { tags } } } = args; return { tags }; }
  if (m === 'param') return { v: pick(args.rec) };
  if (m === 'array-pattern') { const [x, y] = args.num; return { x, y }; }
  if (m === 'spread') return { v: [...args.num] };
  if (m === 'spread-call') return { v: Math.max(...args.num) };
  if (m === 'ctor') return { v: new args.rec.id() };
  if (m === 'call') return { v: args.rec.id() };
  if (m === 'call-deep') return { v: args.rec.meta.tags.push(1) };
  if (m === 'in') return { v: 'a' in args.str };
  if (m === 'instanceof') return { v: args.rec instanceof args.str };
  if (m === 'set') { args.missing.x = 1; return {}; }
  if (m === 'keys') return { v: Object.keys(args.missing) };
  if (m === 'json') return { v: JSON.parse(args.str) };
  if (m === 'repeat') return { v: args.str.repeat(-1) };
  if (m === 'array-len') return { v: new Array(args.neg).length };
  if (m === 'tofixed') return { v: (1.5).toFixed(args.neg) };
  if (m === 'ref') return { v: notDeclared + 1 };
  if (m === 'const') { const c = 1; c = args.num; return { c }; }
  if (m === 'for-of') { for (const x of args.rec) return { x }; }
  if (m === 'optional') return { v: args.missing?.a.b, w: args.rec?.meta.nope.x };
  if (m === 'await-thenable') return { v: await { then(r, j) { j(new RangeError('thenable rejected ' + args.str)); } } };
  if (m === 'uri') return { v: decodeURIComponent('%' + args.str) };
  if (m === 'bigint') return { v: 1 + BigInt(args.num) };
  if (m === 'symbol') return { v: `${Symbol(args.str)}` };
  if (m === 'cyclic') { const o = { args }; o.self = o; return { v: JSON.stringify(o) }; }
  return { mode: m };
}
