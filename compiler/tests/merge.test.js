// containerless-compile --merge-with: two traces of one action, each from different inputs,
// compile into one handler that answers both kinds of input natively, as Node.js does.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const { COMPILER, RUNNER, skip, traceAction } = require('./built');

const ACTION = `
function label(n) {
  if (n > 100) return 'big';
  return 'small';
}
function main(p) {
  if (typeof p.n === 'number') {
    return { kind: 'number', label: label(p.n), twice: p.n * 2 };
  }
  const s = String(p.s || '');
  return { kind: 'text', upper: s.toUpperCase(), length: s.length };
}
`;

const NUMBERS = [{ n: 1 }, { n: 250 }, { n: 7.5 }];
const TEXTS = [{ s: 'abc' }, { s: 'héllo' }, {}];

const traceOf = (dir, name, inputs, action = ACTION) => traceAction(dir, action, inputs, name).trace;

/** Runs a handler on inputs: one {status, body, ...} per input. */
function run(so, inputs) {
  const r = spawnSync(RUNNER, [so], { input: inputs.map((i) => JSON.stringify(i)).join('\n') + '\n', encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

test('a handler compiled from two merged traces answers the inputs of both, as Node.js does', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-merge-'));
  try {
    const numbers = traceOf(dir, 'numbers', NUMBERS);
    const texts = traceOf(dir, 'texts', TEXTS);
    const alone = path.join(dir, 'texts.so');
    execFileSync(COMPILER, [texts, '-o', alone]);
    const merged = path.join(dir, 'merged.so');
    const mergedTrace = path.join(dir, 'merged.trace.json');
    execFileSync(COMPILER, [texts, '--merge-with', numbers, '--trace-out', mergedTrace, '-o', merged]);

    // Without the merge, the number inputs take a branch the text trace never took.
    for (const r of run(alone, NUMBERS)) assert.strictEqual(r.status, 'aborted');
    const main = new Function(`${ACTION}; return main;`)();
    const all = [...NUMBERS, ...TEXTS];
    const answers = run(merged, all);
    all.forEach((input, i) => {
      assert.strictEqual(answers[i].status, 'answered', `${JSON.stringify(input)}: ${JSON.stringify(answers[i])}`);
      assert.strictEqual(answers[i].body, JSON.stringify(main(input)));
    });
    const doc = JSON.parse(fs.readFileSync(mergedTrace, 'utf8'));
    assert.strictEqual(doc.activations, NUMBERS.length + TEXTS.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--merge-with refuses a trace of another action, naming both files', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-merge-'));
  try {
    const numbers = traceOf(dir, 'numbers', NUMBERS);
    const other = traceOf(dir, 'other', NUMBERS, ACTION.replace("'big'", "'large'"));
    const r = spawnSync(COMPILER, [other, '--merge-with', numbers, '-o', path.join(dir, 'x.so')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 3, r.stderr);
    assert.match(r.stderr, /cannot merge it with .*numbers\.trace\.json: the traces have different code_sha256/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.so')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
