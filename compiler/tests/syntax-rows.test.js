// For...of and catch patterns, destructuring assignment, optional calls and chains, defaults of nested patterns, logical assignment to computed members and functions declared in blocks: traced by the real tracer, compiled, run natively against Node.js.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { skip, traceAction, assertHeldOutAsNode } = require('./built');

const ACTION = `
function main(args) {
  const totals = {};
  for (const { k, n = 1, tags: [first = '-'], ...extra } of args.items) {
    totals[k] ??= 0;
    totals[k] += n;
    totals[first] ||= Object.keys(extra).length;
  }
  for (const [name, { v = 0 }] of Object.entries(args.map)) totals[name] &&= totals[name] + v;
  const pick = args.mode === 'up' ? (s) => s.toUpperCase() : args.mode === 'none' ? null : undefined;
  let label = 'x';
  if (args.items.length > 1) {
    function join(a, b) {
      return a + '/' + b;
    }
    label = join(args.items[0].k, args.items[1].k);
  }
  let [lo, hi] = [args.items.length, Object.keys(args.map).length];
  if (lo > hi) [lo, hi] = [hi, lo];
  let parsed;
  try {
    parsed = JSON.parse(args.json);
  } catch ({ name }) {
    parsed = name;
  }
  return { totals, label, lo, hi, parsed, picked: pick?.(label), len: args.s?.trim().length, last: args.items.at?.(-1) };
}
module.exports.main = main;
`;

const TRAIN = [
  { items: [{ k: 'a', n: 2, tags: ['t'], z: 1 }, { k: 'b', tags: [] }, { k: 'a', n: 3, tags: ['u', 'v'] }], map: { a: { v: 10 }, q: {} }, mode: 'up', json: '1', s: ' s ' },
  { items: [{ k: 'c', tags: [] }, { k: 'e', n: 2, tags: ['c'] }], map: { e: {} }, mode: 'none', json: '[2]' },
  { items: [{ k: 'd', tags: [null] }], map: { z: {} }, json: '{' },
];
// [input, 'answer' (identical to Node.js) or 'abort']
const HELD_OUT = [
  [{ items: [{ k: 'x', n: 5, tags: ['y', 'w'], a: 1, b: 2 }, { k: 'x', n: 1, tags: [undefined] }], map: { x: { v: 2 } }, mode: 'up', json: '3', s: '  ab ' }, 'answer'],
  [{ items: [{ k: 'm', tags: [] }, { k: 'n', n: 0, tags: ['m'] }], map: { m: {} }, mode: 'none', json: '"j"' }, 'answer'],
  [{ items: [], map: {}, json: 'true', s: null }, 'answer'],
  [{ items: [{ k: 'a', tags: 5 }], map: {}, json: '1' }, 'abort'], // a pattern over a number: TypeError in Node.js
  [{ items: [], map: { q: null }, json: '1' }, 'abort'], // a pattern over null: TypeError in Node.js
  [{ items: [], map: {}, json: '{' }, 'abort'], // the throw: Node.js runs the catch block
];

// Defaults of nested patterns (syntax.js nestedDefaultMark) and optional chains with several links.
const ACTION2 = `
function head([first, second] = ['none']) {
  return first + (second === undefined ? '' : second);
}
function main(args) {
  const { meta: { id = 0 } = {}, pick } = args;
  const { tags: [first, second = '-'] = [], pos: [x, y] = [0, 0], opts: { mode, depth = 1 } = { mode: 'fast' } } = args.user;
  const sums = args.pairs.map(([a, [b] = [10]]) => a + b);
  const tools = { add: (v) => (w) => v + w, none: null };
  const o = pick ? tools : undefined;
  return {
    id, first, second, x, y, mode, depth, sums, h: head(args.user.tags), h0: head(),
    name: args.user?.name?.trim(), upper: args.user?.name?.toUpperCase?.(), deep: args.a?.b?.c,
    trimmed: args.s?.trim?.(), missing: args.s?.nope?.(), curried: o?.add?.(1)(10), none: o?.none?.(), called: tools.add?.(2)(3),
  };
}
module.exports.main = main;
`;

const TRAIN2 = [
  { user: { tags: ['a', 'b'], pos: [3, 4], name: ' Ann ' }, pairs: [[1, [2]], [3]], a: { b: { c: 1 } }, s: ' x ', pick: true },
  { user: {}, pairs: [[5]], a: { b: null }, s: 'y', pick: false, meta: { id: 3 } },
  { user: { tags: ['c'], opts: { mode: 'slow', depth: 3 } }, pairs: [], a: null },
];
const HELD_OUT2 = [
  [{ user: { tags: ['q'], pos: [1, 2], name: ' Bo ', opts: { mode: 'm' } }, pairs: [[1], [2, [3]]], a: { b: { c: 'c' } }, s: 'z ', pick: true }, 'answer'],
  [{ user: { pos: [9, 8] }, pairs: [[4, [4]]], a: {}, pick: false }, 'answer'],
  [{ user: { tags: null }, pairs: [] }, 'abort'], // `[first] = []` over null: V8's TypeError in Node.js
  [{ user: { tags: 5 }, pairs: [] }, 'abort'], // over a number: not iterable
  [{ user: { opts: null }, pairs: [] }, 'abort'], // `{ mode } = { … }` over null
  [{ user: { name: 5 }, pairs: [] }, 'abort'], // `name?.trim()` of a number: not a function
  [{ user: {}, pairs: [], meta: null }, 'abort'], // `{ id = 0 } = {}` over null
  [{ user: {}, pairs: [], meta: { id: 'i' } }, 'answer'],
];

async function compareWithNode(ACTION, TRAIN, HELD_OUT) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-syntax-rows-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const doc = JSON.parse(fs.readFileSync(trace, 'utf8'));
    assert.doesNotMatch(JSON.stringify(doc.main), /"reason":"unsupported: /);

    await assertHeldOutAsNode(dir, trace, HELD_OUT, require(code).main);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('for...of and catch patterns, destructuring assignment, optional calls, computed logical assignment, block functions: answers as Node.js', { skip }, () => compareWithNode(ACTION, TRAIN, HELD_OUT));

test('defaults of nested patterns and array pattern parameters, optional chains with several links and calls without arguments: answers as Node.js', { skip }, () => compareWithNode(ACTION2, TRAIN2, HELD_OUT2));
