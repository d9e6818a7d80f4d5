// An activation's error stack is the same in every engine path: plain, traced, and a fallback replaying a native attempt's effects (proxy/replay.js, proxy/trace/positions.js).
'use strict';

// The engine of the native runtime installs the replay wrappers before the tracer loads.
require('../../proxy/replay').installReplay();

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { ActionService } = require('../../proxy/service');
const { Tracing } = require('../../proxy/trace/tracing');
const { loadSerializeError } = require('../../proxy/errors');
const { captureOutput } = require('./lib');

const CODE = [
  'async function check(p) {',
  '  const n = Date.now() > 0 ? p.a + 1 : 0;',
  '  if (p.late) { await null; throw new RangeError(`late ${n}`); }',
  '  return p.a > 0 ? p.o.k : n;',
  '}',
  'async function main(p) { const s = p.s || "x"; const r = await check(p); return { s, r }; }',
].join('\n');

/** The reply bodies of the inputs in each path, from one call site (so that the frames below are the same). */
async function replies(inputs) {
  await loadSerializeError();
  const paths = { plain: [undefined, false], traced: [undefined, true], 'fallback, nothing to replay': ['{"reason":"guard"}', true], 'fallback replaying Date.now': ['{"reason":"guard","effects":[{"now":1732680000000}]}', true] };
  const out = {};
  const capture = captureOutput();
  try {
    for (const [name, [fallback, traced]] of Object.entries(paths)) {
      const service = new ActionService({ tracing: traced ? new Tracing() : undefined });
      const init = await service.init({ value: { code: CODE, main: 'main' } });
      assert.equal(init.status, 200, JSON.stringify(init));
      if (traced) assert.equal(service.tracing.reason, undefined);
      out[name] = [];
      for (const value of inputs) {
        const reply = await service.run({ value }, { fallback });
        out[name].push({ status: reply.status, body: reply.body, logs: capture.take() });
      }
    }
  } finally {
    capture.stop();
  }
  return out;
}

test('an activation error stack is the same plain, traced, and in a fallback with or without replay', async () => {
  const out = await replies([{ a: 1 }, { a: 1, late: true }, { a: 0 }]);
  const plain = out.plain;
  assert.match(JSON.stringify(plain[0].body), /"stack":"TypeError: Cannot read properties of undefined \(reading 'k'\)\\n    at check \(eval at evaluateActionCode/);
  assert.match(JSON.stringify(plain[0].body), /at runWithRecord \(/);
  for (const [name, got] of Object.entries(out)) assert.deepEqual(got, plain, name);
});
