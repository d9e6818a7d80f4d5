// Differential under __OW_ALLOW_CONCURRENT=true: bursts of published OpenWhisk samples (docs' setTimeout promises and rejections, the runtime tests' stdout/stderr echo and errors, catalog sort).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER, concurrentDifferential } = require('./harness');
const { SENTINEL, countSentinels, startServer } = require('../runtime/harness');

const ENV = { __OW_ALLOW_CONCURRENT: 'true' };

/** Trains both servers on the action `name`, then compares 3 bursts of `inputs` (tests/differential/harness.js). */
function concurrent(t, name, train, inputs, minNative) {
  const code = fs.readFileSync(path.join(__dirname, 'actions', `${name}.js`), 'utf8');
  return concurrentDifferential(t, { label: name, code, train, inputs, rounds: 3, minNative });
}

test('differential: ow-async, 29 concurrent activations (overlapping setTimeout promises, rejections, fallbacks)', async (t) => {
  const inputs = [
    {}, { payload: true }, { payload: 0 }, { payload: 1 }, { payload: 2 }, { payload: '0' }, { payload: '1' }, { payload: '' }, { payload: [] }, { payload: [0] }, { payload: null }, { payload: false },
    { payload: 3 }, { payload: 'x' }, { payload: { a: 1 } }, { mode: 'reject' }, { mode: 'reject-empty' }, { payload: 1e21 }, { payload: -0 }, { payload: '2' }, { payload: [[1]] }, { payload: 'ü☃' }, { payload: true, mode: 'other' },
    {}, { payload: true }, { payload: 0 }, { payload: 1 }, { payload: 2 }, { payload: '0' },
  ];
  await concurrent(t, 'ow-async', [{}, { payload: true }, { payload: 1 }], inputs, 8);
});

test('differential: ow-errors, 18 concurrent activations (stdout and stderr per activation, thrown strings and errors)', async (t) => {
  const inputs = [
    {}, { kind: 'app' }, { v: 1 }, { kind: 'throw' }, { kind: 'string' }, { kind: 'throwerr', msg: 'bad' }, { kind: 'throwerr' }, { kind: 'array', msg: 1 }, { kind: 'null' }, { kind: 5 }, { v: 'ü☃😀', n: [1e21, -0, 0.1] },
    { kind: 'throwerr', msg: { a: 1 } }, { kind: 'throwerr', msg: '☃' }, { nested: { a: { b: { c: [null, true] } } } }, { kind: 'app', extra: 1 }, {}, { v: 2 }, { kind: 'app' },
  ];
  await concurrent(t, 'ow-errors', [{}, { kind: 'app' }, { v: 1 }], inputs, 6);
});

test('differential: ow-cat, 16 concurrent activations logging 3 KB lines (under the pipe buffer, see H11-1 below), half native and half fallbacks', async (t) => {
  const inputs = [];
  // Odd inputs hold a lone surrogate, which sends them to Node.js; even ones stay native.
  for (let i = 0; i < 16; i++) inputs.push(i % 2 ? { lines: ['\ud800', String.fromCharCode(97 + i).repeat(1500 + i)] } : { lines: [String.fromCharCode(97 + i).repeat(1500 + i), 'z'] });
  await concurrent(t, 'ow-cat', [{ lines: ['a', 'b'] }, { lines: ['x'] }, { lines: ['one', 'two', 'three'] }], inputs, 8);
});

// Finding H11-1 (tests/differential/findings/h11.md): a native activation's log line longer than the pipe
// buffer (PIPE_BUF) used to be written with write(2) on the stdout the Node engine shared, so a
// concurrent fallback's line could land in the middle of it. The runtime now owns its stdout and
// stderr alone and relays the engine's output in whole lines (actionloop/src/log_relay.h). Stock
// Node.js writes each line whole.
test('differential: ow-cat, concurrent 250 KB log lines from native and fallback activations are never torn', async (t) => {
  const code = fs.readFileSync(path.join(__dirname, 'actions', 'ow-cat.js'), 'utf8');
  const auto = await startServer({ engine: 'auto', env: { ...ENV, CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    assert.equal((await auto.init(code)).status, 200);
    for (const v of [{ lines: ['a', 'b'] }, { lines: ['x'] }, { lines: ['one', 'two', 'three'] }]) await auto.run(v);
    await auto.waitForMetric('containerless_native_ready', 1);
    const inputs = [];
    for (let i = 0; i < 16; i++) inputs.push(i % 2 ? { lines: ['\ud800', String.fromCharCode(97 + i).repeat(250000 + i)] } : { lines: [String.fromCharCode(97 + i).repeat(250000 + i), 'z'] });
    const whole = new Set(inputs.map((v) => `cat: returning ${JSON.stringify({ lines: v.lines, payload: v.lines.join('\n') })}`));
    whole.add(SENTINEL);
    // The tear needed both writers mid-write at once: it showed in some rounds, not all (1 to 3 of 10).
    for (let round = 0; round < 12; round++) {
      const mark = auto.mark();
      const sentinels = countSentinels(auto.stdout);
      const replies = await Promise.all(inputs.map((v) => auto.run(v)));
      await auto.waitForSentinels(sentinels + inputs.length);
      const engines = replies.map((r) => r.headers['x-containerless-engine']);
      const torn = auto.since(mark).stdout.split('\n').filter((l) => l !== '' && !whole.has(l));
      t.diagnostic(`round ${round}: ${engines.filter((e) => e === 'native').length} native; ${torn.length} line(s) not whole`);
      assert.deepEqual(torn.map((l) => `${l.slice(0, 40)}...${l.slice(-20)} (${l.length})`), [], 'torn stdout lines');
    }
  } finally {
    await auto.stop();
  }
});

test('differential: ow-reject-async, 45 concurrent activations (throws abort natively, {error} results native)', async (t) => {
  const VALUES = ['x', 5, null, [1, 'a'], { m: 'ü' }, true, '', 1e21, { error: 'inner' }];
  const inputs = [];
  for (const value of VALUES) for (const how of ['resolve-error', 'reject', 'reject-error', 'reject-new-error', 'ok']) inputs.push({ how, value });
  await concurrent(t, 'ow-reject-async', [{ how: 'ok', value: 1 }, { how: 'resolve-error', value: 'e' }, { how: 'ok', value: 'r' }], inputs, 10);
});
