// Integer products, remainders and charCodeAt (pass_int_locals.cc) and fused `+` chains (emit_concat.cc) end to end against Node.js.
//
// A hash loop `h = (h * 31 + s.charCodeAt(i)) % M` runs in i64s: the interval analysis bounds
// every product below 2^53 and every dividend at or above 0, so num::mul_int/rem_int never
// abort; a charCodeAt whose index passes the end aborts (an integer local cannot hold NaN) and
// Node.js answers. Products that could pass 2^53 (`f = f * 3` without bound) and remainders of a
// dividend that may be negative (`-5 % 5` is -0) stay f64s and answer as Node.js on every input. A chain of `+`
// through single-use temporaries is one ops::concat, which answers as the adds it replaces for
// strings and for numbers mixed in (`1 + 2 + 'a'` is "3a", `'a' + (1 + 2)` is "a3").
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { skip, traceAction, compileTrace, assertHeldOutAsNode } = require('./built');

const ACTION = `
function main(args) {
  const text = args.text;
  let h = 0;
  for (let i = 0; i < text.length + args.over; i++) {
    h = (h * 31 + text.charCodeAt(i)) % 1000000007;
  }
  let f = 1;
  for (let i = 0; i < args.n; i++) f = f * 3;
  let m = -5;
  let r = '';
  for (let i = 0; i < 3; i++) {
    const z = m % 5; // -5 % 5 is -0
    r = r + (1 / z) + ',';
    m = m + 1;
  }
  let line = '';
  for (let i = 0; i < args.n; i++) {
    line += '[' + args.a + args.b + '|' + (i % 2 === 0 ? 'e' : 'o') + ']';
  }
  const mixed = args.a + args.b + text;
  return { h, f, r, line, mixed };
}
module.exports.main = main;
`;

const TRAIN = [
  { text: 'hello, world', over: 0, n: 3, a: 'x', b: 'y' },
  { text: 'é😀 and more text', over: 0, n: 5, a: 'p', b: 'q' },
  { text: '', over: 0, n: 1, a: 's', b: 't' },
];

// [params, 'answer' | 'abort']
const HELD_OUT = [
  [{ text: 'a much longer text to hash, several times over '.repeat(20), over: 0, n: 8, a: 'a', b: 'b' }, 'answer'],
  [{ text: 'short', over: 0, n: 40, a: 'a', b: 'b' }, 'answer'], // f = 3^40 passes 2^53: an f64
  [{ text: 'short', over: 0, n: 0, a: 'a', b: 'b' }, 'answer'],
  [{ text: 'abc', over: 0, n: 2, a: 1, b: 2 }, 'answer'], // numbers: 1 + 2 + text is "3abc"
  [{ text: 'abc', over: 0, n: 2, a: 'a', b: 2 }, 'answer'],
  [{ text: 'abc', over: 1, n: 2, a: 'a', b: 'b' }, 'abort'], // charCodeAt past the end: NaN
];

test('integer hashes and fused + chains answer as Node.js', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-int-hash-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    await assertHeldOutAsNode(dir, trace, HELD_OUT, require(code).main);
    const rs = fs.readFileSync(path.join(dir, 'rust', 'handler.rs'), 'utf8');
    assert.match(rs, /let mut v_h: i64 = 0;/);
    assert.match(rs, /num::mul_int\(v_h, 31\)\?/);
    assert.match(rs, /v_h = num::rem_int\(v__St\d+, 1000000007\)\?;/);
    assert.match(rs, /= int_index::char_code_at_int\(ctx, &v_text, v_i\w*\)\?;/);
    // Unbounded or possibly negative: f64s, as JavaScript computes them.
    assert.match(rs, /let mut v_f: f64 = 0\.0;/);
    assert.match(rs, /let mut v_m: i64 = 0;/);
    assert.match(rs, /let mut v_z: f64 = 0\.0;/); // m may be negative: -5 % 5 is -0
    assert.match(rs, /= ops::concat\(ctx, /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
