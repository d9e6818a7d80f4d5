// Golden tests of tracing: the program document and the trace tree of each small program in golden/programs/ (UPDATE_GOLDEN=1 rebases).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { normalizeProgram } = require('../../proxy/trace/normalize');
const { runAction, interpretAction, interpretTrace, compareInterpreted, addonAvailable } = require('./lib');

const DIR = path.join(__dirname, 'golden');
const PROGRAMS = path.join(DIR, 'programs');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Each program file says what it covers on line 1 and lists its inputs on a `// inputs: [...]` line. */
function loadProgram(file) {
  const code = fs.readFileSync(path.join(PROGRAMS, file), 'utf8');
  const line = code.split('\n').find((l) => l.startsWith('// inputs: '));
  assert.ok(line, `${file} has no "// inputs: [...]" line`);
  return { name: file.replace(/\.js$/, ''), code, inputs: JSON.parse(line.slice('// inputs: '.length)) };
}

/** Compares `actual` with the golden file, or writes it when rebasing. */
function golden(file, actual) {
  const where = path.join(DIR, file);
  if (UPDATE) {
    fs.writeFileSync(where, actual);
    return;
  }
  assert.ok(fs.existsSync(where), `${file} is missing: run UPDATE_GOLDEN=1 node --test tests/trace/golden.test.js`);
  assert.equal(actual, fs.readFileSync(where, 'utf8'), `${file} differs (rebase with UPDATE_GOLDEN=1 if the change is intended)`);
}

const programs = fs.readdirSync(PROGRAMS).filter((f) => f.endsWith('.js')).sort().map(loadProgram);
const hasAddon = addonAvailable();

test('there are at least 30 golden programs', () => {
  assert.ok(programs.length >= 30, `only ${programs.length}`);
});

for (const p of programs) {
  test(`golden ${p.name}`, async () => {
    const { program } = normalizeProgram(p.code);
    golden(`${p.name}.program.json`, `${JSON.stringify(program, null, 2)}\n`);

    const plain = await runAction(p.code, p.inputs);
    const traced = await runAction(p.code, p.inputs, { traced: true, recorder: hasAddon ? 'addon' : 'collect' });
    assert.deepEqual(traced.records, plain.records, 'the instrumented program behaved differently');
    assert.equal(traced.tracing.reason, undefined, `not traced: ${traced.tracing.reason}`);
    assert.equal(traced.tracing.session.rejected, 0, `the recorder refused a list: ${traced.tracing.session.lastRejection}`);
    const difference = compareInterpreted(interpretAction(p.code, p.inputs), plain);
    assert.equal(difference, undefined, `the normalized program disagrees with Node.js: ${difference}`);
    if (hasAddon) {
      const reply = traced.tracing.traceReply();
      assert.equal(reply.status, 200, JSON.stringify(reply.json));
      golden(`${p.name}.trace.json`, `${JSON.stringify(JSON.parse(reply.text), null, 2)}\n`);
      // The trace, run as native code would on the inputs it was built from, answers as Node.js.
      const native = compareInterpreted(interpretTrace(reply.text, p.inputs), plain);
      assert.equal(native, undefined, `the trace disagrees with Node.js: ${native}`);
    }
  });
}
