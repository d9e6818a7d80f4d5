// Equivalence: every realistic action in actions/ gives the same results, logs and errors instrumented as plain, on generated inputs.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { runAction, interpretAction, interpretTrace, compareInterpreted, addonAvailable, prng } = require('./lib');
const generators = require('./actions/inputs');

const DIR = path.join(__dirname, 'actions');
const INPUTS_PER_ACTION = 60;
const SEED = Number(process.env.TRACE_SEED || 20261127);
const actions = fs.readdirSync(DIR).filter((f) => f.endsWith('.js') && f !== 'inputs.js').sort();
const recorder = addonAvailable() ? 'addon' : 'collect';

test('there are at least 20 realistic actions, each with an input generator', () => {
  assert.ok(actions.length >= 20, `only ${actions.length}`);
  for (const file of actions) assert.equal(typeof generators[file.replace(/\.js$/, '')], 'function', `no generator for ${file}`);
});

for (const file of actions) {
  const name = file.replace(/\.js$/, '');
  test(`equivalence ${name} (${INPUTS_PER_ACTION} inputs, seed ${SEED})`, async () => {
    const code = fs.readFileSync(path.join(DIR, file), 'utf8');
    const r = prng(SEED);
    const inputs = Array.from({ length: INPUTS_PER_ACTION }, () => generators[name](r));
    // Stack frames with their columns: these actions' errors are V8's own at tokens, or thrown.
    const plain = await runAction(code, inputs, { columns: true });
    const traced = await runAction(code, inputs, { traced: true, recorder, columns: true });
    assert.equal(traced.tracing.reason, undefined, `not traced: ${traced.tracing.reason}`);
    for (let i = 0; i < inputs.length; i++) {
      assert.deepEqual(traced.records[i], plain.records[i], `input ${i} (seed ${SEED}): ${JSON.stringify(inputs[i])}`);
    }
    assert.equal(traced.tracing.session.rejected, 0, `the recorder refused a list: ${traced.tracing.session.lastRejection}`);
    const difference = compareInterpreted(interpretAction(code, inputs), plain);
    assert.equal(difference, undefined, `the normalized program disagrees with Node.js: ${difference}`);
    if (recorder === 'addon') {
      const native = compareInterpreted(interpretTrace(traced.tracing.traceReply().text, inputs), plain);
      assert.equal(native, undefined, `the trace disagrees with Node.js: ${native}`);
    }
  });
}
