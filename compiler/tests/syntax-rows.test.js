// For...of and catch patterns, destructuring assignment, optional calls, logical assignment to computed members and functions declared in blocks: traced by the real tracer, compiled, run natively against Node.js.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { COMPILER, RUNNER, skip, run, traceAction } = require('./built');

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

test('for...of and catch patterns, destructuring assignment, optional calls, computed logical assignment, block functions: answers as Node.js', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-syntax-rows-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const doc = JSON.parse(fs.readFileSync(trace, 'utf8'));
    assert.doesNotMatch(JSON.stringify(doc.main), /"reason":"unsupported: /);

    const so = path.join(dir, 'action.so');
    const compiled = run(COMPILER, [trace, '-o', so, '--emit-rust', path.join(dir, 'rust')]);
    assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);
    const inputs = HELD_OUT.map(([x]) => JSON.stringify(x));
    const ran = run(RUNNER, [so], { input: inputs.join('\n') + '\n' });
    assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
    const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(outcomes.length, inputs.length);
    const { main } = require(code);
    for (const [i, [input, want]] of HELD_OUT.entries()) {
      const native = outcomes[i];
      if (want === 'answer') {
        const node = JSON.stringify(main(JSON.parse(JSON.stringify(input))));
        assert.equal(native.status, 'answered', `input ${inputs[i]}: ${JSON.stringify(native)}`);
        assert.equal(native.body, node, `input ${inputs[i]}`);
      } else {
        assert.equal(native.status, 'aborted', `input ${inputs[i]} should abort, got ${JSON.stringify(native)}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
