// Local number arrays and integer locals (pass_local_arrays.cc, pass_int_locals.cc) end to end against Node.js.
//
// A local made only by array literals of numbers and used only as `x[i]`, `x[i] = v`,
// `x.push(v)` and `x.length` becomes a plain Vec<f64> in the generated Rust. Its answers must be
// the generic array's byte for byte: reads past the end, at fractions, negative or huge indices
// give undefined, a write at the length appends, `-0` is index 0, push answers the new length;
// writes that would leave holes or add a named property abort (Node.js answers them). Locals
// that are copied, passed or hold other values stay Values. Counters that only integer literals,
// copies, sums and differences define are i64s; one that would pass 2^53 aborts. A callee's method
// read stays fused into its call's guard when the callee's return assigns a caller temporary of
// the same name.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { skip, traceAction, compileTrace, assertHeldOutAsNode } = require('./built');

const ACTION = `
function fill(n) {
  const xs = [];
  for (let i = 0; i < n; i++) xs.push(i * 0.5);
  return xs[n - 1];
}
function grid(n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(i % 3 === 0);
  return w;
}
function main(args) {
  const g = grid(args.n); // main's result temporary has the name of grid's push temporary
  const n = args.n;
  const k = args.k * 1; // a number, proven
  const j = args.j;
  const xs = [];
  for (let i = 0; i < n; i++) xs.push(i * 0.5 - 1);
  const ys = [n, 1];
  ys[ys.length] = 7;
  ys[k] = 2;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const at = xs[j];
  const len = ys.push(3);
  let counted = 0;
  for (let i = 0; i < 3; i++) counted = ys.push(i);
  const zs = [1, 2];
  const alias = zs;
  alias[0] = 5;
  const ws = [1];
  ws.push('a');
  let c = 9007199254740990;
  for (let i = 0; i < args.m; i++) c = c + 1;
  let down = 3;
  while (down > -2) down = down - 1;
  return {
    c, down,
    s, at: at === undefined ? 'none' : at, len, counted, y0: ys[0], last: ys[len - 1],
    zs0: zs[0], ws, filled: fill(n + 1), neg: 1 / xs.length, grid: g,
  };
}
module.exports.main = main;
`;

const TRAIN = [
  { n: 4, k: 0, j: 1, m: 0 },
  { n: 2, k: 3, j: 5, m: 1 },
  { n: 1, k: 2, j: 0, m: 2 },
];

// [params, 'answer' | 'abort']
const HELD_OUT = [
  [{ n: 5, k: 1, j: 2 }, 'answer'],
  [{ n: 0, k: 0, j: 0 }, 'answer'],
  [{ n: 3, k: 3, j: 1.5 }, 'answer'], // k === length: appends; a fraction reads undefined
  [{ n: 3, k: -0, j: -0 }, 'answer'], // -0 is index 0
  [{ n: 3, k: 2, j: -1 }, 'answer'], // a negative index reads undefined
  [{ n: 3, k: 2, j: 1e300 }, 'answer'],
  [{ n: 3, k: 2, j: 4294967295 }, 'answer'],
  [{ n: 200, k: 0, j: 199 }, 'answer'],
  [{ n: 3, k: -1, j: 0 }, 'abort'], // a named property "-1"
  [{ n: 3, k: 9, j: 0 }, 'abort'], // holes
  [{ n: 3, k: 0.5, j: 0 }, 'abort'], // a named property "0.5"
  [{ n: 3, k: 4294967295, j: 0 }, 'abort'], // not an array index
  [{ n: '3', k: 0, j: 0 }, 'abort'], // not a number: the speculation's guard
  [{ n: 3, k: 0, j: 0, m: 2 }, 'answer'], // c reaches 2^53
  [{ n: 3, k: 0, j: 0, m: 3 }, 'abort'], // c would pass 2^53, where doubles round
].map(([x, want]) => [{ m: 1, ...x }, want]);

test('local number arrays and integer locals answer as Node.js; escaping arrays stay Values', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-local-arrays-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    await assertHeldOutAsNode(dir, trace, HELD_OUT, require(code).main);
    const rs = fs.readFileSync(path.join(dir, 'rust', 'handler.rs'), 'utf8');
    for (const name of ['xs', 'ys']) {
      assert.match(rs, new RegExp(`let mut v_${name}: NumArr = NumArr::new\\(\\);`), name);
    }
    assert.match(rs, /let mut f\d+_xs: NumArr = NumArr::new\(\);/, "fill's xs");
    assert.match(rs, /v_ys = NumArr::of\(ctx, &\[v_n, 1\.0\]\)\?;/);
    assert.match(rs, /v_ys\.set\(ctx, v_k, 2\.0\)\?;/);
    assert.match(rs, /v_xs\.push\(ctx, /);
    assert.match(rs, /= v_ys\.push\(ctx, 3\.0\)\?;/);
    assert.match(rs, /= v_xs\.len_f64\(\);/);
    for (const name of ['c', 'down', 'i']) {
      assert.match(rs, new RegExp(`let mut v_${name}: i64 = 0;`), name);
    }
    assert.match(rs, /v_c = 9007199254740990;/);
    assert.match(rs, /num::sub_int\(v_down, 1\)\?/);
    // grid's w is returned (a Value); its push is still fused into the callee guard: the
    // callee's \`return w\` assigns main's result local, not one of grid's (emit_calls.cc).
    assert.match(rs, /let is_\d+ = ops::get_named_is_builtin\(ctx, &f\d+_w, &m\.k_push, /);
    assert.doesNotMatch(rs, /= ops::get_named\(ctx, &f\d+_w, &m\.k_push\)/);
    // Copied, or holding a string: Values.
    for (const name of ['zs', 'alias', 'ws']) {
      assert.match(rs, new RegExp(`let mut v_${name}: Value = `), name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
