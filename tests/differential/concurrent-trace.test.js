// Differential under __OW_ALLOW_CONCURRENT=true while tracing: overlapping async activations (awaits in for…of, closures, callbacks) are traced together, then compiled and compared.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER, burst, startBackend } = require('./harness');
const { startServer } = require('../runtime/harness');

const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'team-digest.js'), 'utf8');
const ENV = { __OW_ALLOW_CONCURRENT: 'true' };

// Traced paths: every id known, or some unknown (404), with and without a prefix.
const TRAIN = [
  { ids: [1, 2] }, { ids: [3, 42, 1], prefix: '· ' }, { ids: [2, 99] }, { ids: [42] }, { ids: [1, 3], prefix: 'Dr ' },
  { ids: [99, 2, 3] }, { ids: [] }, { ids: [42, 42, 1, 2] },
];
// Traced paths again (native expected), and untraced ones: a 5xx, strings, a non-array, holes of types.
const BURST = [
  { ids: [1, 2] }, { ids: [3, 42, 1], prefix: '· ' }, { ids: [2, 99] }, { ids: [42] }, { ids: ['boom'] }, { ids: [1, 3], prefix: 'Dr ' },
  { ids: [99, 2, 3] }, { ids: 'x' }, { ids: [] }, { ids: [42, 42, 1, 2] }, { ids: [1], prefix: 7 }, { ids: [2, 'busy'] },
  { ids: [1, 2] }, { ids: [3] }, { ids: ['1'] }, { ids: [42, 1], prefix: '' }, { ids: [null] }, { ids: [2, 2, 2] },
];

test('differential: team-digest, activations traced while overlapping, then a mixed burst', async (t) => {
  const backend = await startBackend();
  const node = await startServer({ engine: 'node', env: ENV });
  const auto = await startServer({ engine: 'auto', env: { ...ENV, CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(CODE)).status, 200);
    // Training as a burst: the traced activations' awaits interleave in the one Node engine.
    const ta = await burst(node, backend, TRAIN);
    const tb = await burst(auto, backend, TRAIN);
    assert.deepEqual(tb.replies, ta.replies, 'training replies');
    assert.deepEqual(tb.stdout, ta.stdout, 'training stdout');
    await auto.waitForMetric('containerless_native_ready', 1);
    for (let round = 0; round < 2; round++) {
      const a = await burst(node, backend, BURST);
      const b = await burst(auto, backend, BURST);
      const native = b.engines.filter((e) => e === 'native').length;
      t.diagnostic(`round ${round}: auto answered ${native} of ${BURST.length} concurrent activations natively`);
      assert.deepEqual(b.replies, a.replies, 'replies');
      assert.deepEqual(b.stdout, a.stdout, 'stdout lines (as a multiset)');
      assert.deepEqual(b.stderr, a.stderr, 'stderr lines (as a multiset)');
      assert.deepEqual(b.requests, a.requests, 'backend requests (as a multiset)');
      // Usually 13 of 18; which training activations' lists are complete depends on how their
      // awaits interleaved, so a loaded machine sees fewer (8 seen), never none.
      assert.ok(native >= 5, `only ${native} concurrent activations were native`);
    }
    // And one by one: each traced input answered natively, byte for byte; at once, or (when its
    // path was missing from the interleaved training's trace) once its own fallbacks have been
    // traced and compiled.
    for (const args of TRAIN) {
      let engine;
      for (let attempt = 0; attempt < 40 && engine !== 'native'; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        const a = await node.run({ base: backend.base, ...args });
        const b = await auto.run({ base: backend.base, ...args });
        assert.equal(b.text, a.text, JSON.stringify(args));
        engine = b.headers['x-containerless-engine'];
      }
      assert.equal(engine, 'native', `${JSON.stringify(args)} was never answered natively`);
    }
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
});
