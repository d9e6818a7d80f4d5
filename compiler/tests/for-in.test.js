// for...in over plain objects and arrays (Object.getPrototypeOf, Object.prototype, Array.prototype in the crate): traced by the real tracer, compiled, run natively against Node.js.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { skip, traceAction, assertHeldOutAsNode } = require('./built');

// Deletes a key before its turn (skipped) and adds one (not visited), as for...in does; walks
// arrays with holes (their indices only) and nested objects; integer keys come first, ascending.
const ACTION = `
function main(args) {
  const seen = [];
  for (const k in args.o) {
    if (k === 'del') delete args.o.later;
    if (k === 'add') args.o.added = 1;
    seen.push(k + '=' + JSON.stringify(args.o[k]));
  }
  let idx = '';
  const holes = [args.n, , args.n + 1, , ];
  for (const i in holes) idx += i + ':' + holes[i] + ';';
  let k;
  let nested = 0;
  for (k in args.xs) {
    for (const j in args.xs[k]) nested += args.xs[k][j];
  }
  const protos = [Object.getPrototypeOf(args.o) === Object.prototype, Object.getPrototypeOf(args.xs) === Array.prototype, Array.isArray(Array.prototype)];
  return { seen, idx, last: k, nested, protos, tag: Object.prototype.toString.call(Array.prototype) };
}
module.exports.main = main;
`;

const TRAIN = [
  { o: { b: 1, 2: 'x', a: [1], 1: null }, n: 1, xs: [{ p: 1, q: 2 }, [3, 4]] },
  { o: { del: 1, later: 2, add: 3, z: 4 }, n: 2, xs: [] },
];
// [input, 'answer' (identical to Node.js) or 'abort']
const HELD_OUT = [
  [{ o: { z: 1, 10: 2, 9: 3, y: { k: 1 } }, n: 5, xs: [{ a: 1 }, { b: 2, c: 3 }, [7]] }, 'answer'],
  [{ o: { del: 0, x: 1, later: 2 }, n: -1, xs: [[1, 2, 3]] }, 'answer'],
  [{ o: { add: 'a' }, n: 0, xs: [] }, 'answer'],
  [{ o: {}, n: 0.5, xs: [{}] }, 'answer'],
  [{ o: 'str', n: 0, xs: [] }, 'abort'], // a string's prototype is String.prototype: Node.js
  [{ o: {}, n: 0, xs: [5] }, 'abort'], // for...in over a number: Number.prototype
];

test('for...in over plain objects and arrays: answers as Node.js, aborts for other prototypes', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-for-in-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    await assertHeldOutAsNode(dir, trace, HELD_OUT, require(code).main);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
