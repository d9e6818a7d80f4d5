// Differential under __OW_ALLOW_CONCURRENT=true: several fallbacks replaying recorded fetches at once must leave the same stacks as Node.js (no frames of the replay's scheduling).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER, burst, startBackend } = require('./harness');
const { startServer } = require('../runtime/harness');

const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'user-check.js'), 'utf8');
const ENV = { __OW_ALLOW_CONCURRENT: 'true' };

// Regression: proxy/replay.js answered every replayed request from a setImmediate; Node runs the
// immediates due in one turn from one call, so with several fallbacks in flight the promise jobs
// of one ran inside the next one's runNextTicks and processImmediate, and the stack of an error
// thrown there ("fetch failed", or the action's own TypeError after the fetch) had those frames.
test('differential: user-check, bursts of concurrent fallbacks after replayed fetches keep Node.js stacks', async (t) => {
  const backend = await startBackend();
  const node = await startServer({ engine: 'node', env: ENV });
  const auto = await startServer({ engine: 'auto', env: { ...ENV, CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(CODE)).status, 200);
    for (const id of [1, 2, 3]) for (const s of [node, auto]) assert.equal((await s.run({ base: backend.base, id })).status, 200);
    await auto.waitForMetric('containerless_native_ready', 1);
    // Unknown ids fall back after a native fetch (the 404 path is untraced) and throw in Node.js.
    const inputs = [1, 9, 2, 8, 7, 3, 6, 5, 42, 11, 12, 1].map((id) => ({ id }));
    for (let round = 0; round < 5; round++) {
      const a = await burst(node, backend, inputs);
      const b = await burst(auto, backend, inputs);
      const native = b.engines.filter((e) => e === 'native').length;
      t.diagnostic(`round ${round}: auto answered ${native} of ${inputs.length} natively`);
      assert.deepEqual(b.replies, a.replies, 'replies (stacks included)');
      assert.deepEqual(b.stdout, a.stdout, 'stdout lines (as a multiset)');
      assert.deepEqual(b.stderr, a.stderr, 'stderr lines (as a multiset)');
      assert.deepEqual(b.requests, a.requests, 'backend requests (as a multiset)');
      assert.ok(native >= 4, `only ${native} activations were native`);
    }
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
});
