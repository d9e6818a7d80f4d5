// Destructuring end to end (rest elements, array and nested patterns in parameters and callbacks, rest parameters): traced by the real tracer, compiled, run natively against Node.js.
//
// docs/trace-ir.md section 5: an array pattern is `[...v]` then index reads (a spread of anything
// but an array or a string aborts, so other iterables fall back), an array rest a call of
// Array.prototype.slice on that copy, an object rest `{...v}` then a delete per named key, a rest
// parameter a new array of the call's surplus arguments (a call with a spread argument aborts).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { skip, traceAction, assertHeldOutAsNode } = require('./built');

const ACTION = `
function sum([a, b = 10], { k = 1 } = {}) {
  return a + b + k;
}
function tail(first, ...more) {
  const size = () => more.length; // a closure over the rest parameter
  return { first, more, n: size() };
}
function main(args) {
  const count = (...all) => all.length;
  if (args.spread) return { c: count(...args.xs) };
  const entries = Object.entries(args.o).map(([k, v]) => k + '=' + v);
  const rows = args.rows.map(({ id, tags: [first = 'none', ...others], ...rest }) => ({ id, first, others, rest }));
  const [x, , ...xs] = args.xs;
  const { o, rows: r, ...others } = args;
  return { entries, rows, x, xs, others, s: sum(args.pair), s2: sum(args.pair, { k: x }), t: tail(x, 2, o), c: count(x, r) };
}
module.exports.main = main;
`;

const TRAIN = [
  { o: { a: 1, b: 'x' }, rows: [{ id: 1, tags: ['t', 'u', 'v'], extra: true }, { id: 2, tags: [] }], xs: [1, 2, 3, 4], pair: [5, 6], z: 0 },
  { o: {}, rows: [], xs: [], pair: [7] },
  { o: { 3: 'c', b: null }, rows: [{ tags: [null, undefined], id: 'j', 8: 8 }, { tags: [undefined] }], xs: [null, 2], pair: [2, null, 4], 1: 'y' },
  { o: {}, rows: [], xs: [1, 2, 3], pair: [] },
  { spread: true, xs: [1, 2] },
];
// [input, 'answer' (identical to Node.js) or 'abort']
const HELD_OUT = [
  [{ o: { 2: 'two', b: null, 1: 'one' }, rows: [{ tags: [null, undefined, 0], id: 'i', 9: 9, a: 1 }], xs: [null, 1], pair: [1, null, 3], y: { deep: [1] } }, 'answer'],
  [{ o: { k: [1, 2] }, rows: [{ id: 3, tags: [undefined] }, { tags: [] }], xs: [7], pair: [], 1: 'x', a: 'b' }, 'answer'],
  [{ o: {}, rows: [], xs: [1, 2, 3, 4, 5, 6], pair: [8.5, -9] }, 'answer'],
  // A string is iterated by code point, natively too (the runtime's spread).
  [{ o: {}, rows: [{ id: 1, tags: 'a\u{1F600}b' }], xs: 'str', pair: [1] }, 'answer'],
  // Not iterable: Node.js throws a TypeError, native code aborts.
  [{ o: {}, rows: [{ id: 1, tags: { 0: 'a', length: 1 } }], xs: [], pair: [1] }, 'abort'],
  [{ o: {}, rows: [], xs: [], pair: { 0: 1 } }, 'abort'],
  [{ o: {}, rows: [], xs: 5, pair: [1] }, 'abort'],
  [{ spread: true, xs: [1, 2, 3] }, 'abort'], // a rest parameter called with a spread argument
];

test('destructuring: patterns, rests and rest parameters answer as Node.js, other iterables abort', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-destructuring-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const doc = JSON.parse(fs.readFileSync(trace, 'utf8'));
    assert.doesNotMatch(JSON.stringify(doc.main), /"reason":"unsupported: /);
    assert.match(JSON.stringify(doc.main), /"params":\["first","\.\.\.more"\]/, 'the rest parameter is in the trace');
    assert.match(JSON.stringify(doc.main), /\{"builtin":"Array.prototype.slice"\}/, 'an array rest is a slice call');

    await assertHeldOutAsNode(dir, trace, HELD_OUT, require(code).main);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
