// Methods of array literals holding template literals or spreads, and of template literals: traced with the built-in callee, and V8's own error text and position when the method is not callable.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { runAction, addonAvailable } = require('./lib');
const { instrument } = require('../../proxy/trace/instrument');

const INPUTS = [{ h: 'a', s: 'b', xs: ['c'] }, { h: 'x', s: 'y', xs: [] }, { h: 'q', s: '', xs: [1, 2] }];

// Each receiver is called with a built-in method (traced) and with a missing one (V8's TypeError).
const RECEIVERS = ['[a.h, `T ${a.s}`]', '[a.h, ...a.xs]', '[`# ${a.h}`, ...a.xs]', '[...a.xs, `${a.s}-${a.h}`]', '[`x${a.s}y${String(a.h)}z`]', '[a.h, ...(a.xs || [])]', '`${a.h}!`', '`T ${a.s}`.trim()'];

for (const receiver of RECEIVERS) {
  const method = receiver.startsWith('`') ? 'toUpperCase' : 'join';
  test(`${receiver}.${method}() is a traced built-in call; .nope() throws V8's own TypeError`, async () => {
    const code = `function main(a) {\n  const k = a.h + 1;\n  return k ? ${receiver}.${method}('-') : 0;\n}`;
    const recorder = addonAvailable() ? 'addon' : 'collect';
    const traced = await runAction(code, INPUTS, { traced: true, columns: true, recorder });
    const plain = await runAction(code, INPUTS, { columns: true });
    assert.deepEqual(traced.records, plain.records);
    // The hook that reads the method from the kept receiver is there (not an opaque call).
    assert.match(instrument(code).code, /__cl\$h\.r\(\(/);
    if (recorder === 'addon') {
      const trace = traced.tracing.traceReply().text;
      const name = method === 'join' ? 'Array.prototype.join' : 'String.prototype.toUpperCase';
      assert.ok(trace.includes(`{"builtin":"${name}"}`), `no ${name} target in ${trace}`);
      assert.ok(!trace.includes('"opaque"'), `an opaque target in ${trace}`);
    } else {
      console.log('# the addon is not built: the trace targets are not checked');
    }

    const bad = code.replace(`.${method}('-')`, ".nope('-')");
    const badTraced = await runAction(bad, INPUTS, { traced: true, columns: true });
    const badPlain = await runAction(bad, INPUTS, { columns: true });
    assert.match(badPlain.records[0].error.message, / is not a function$/);
    assert.deepEqual(badTraced.records, badPlain.records);
  });
}
