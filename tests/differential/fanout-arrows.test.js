// Differential: Promise.all over async arrow callbacks of map (`ids.map(async (id) => …)`), native where traced, one by one and in concurrent bursts; replies, logs and backend requests (order, headers, bodies) as in Node.js.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER, burst, diffTest, startBackend } = require('./harness');
const { startServer } = require('../runtime/harness');

const A = (args, native) => ({ args, native });
// The callbacks run whole at their call natively (proxy/trace/async-calls.js: nothing after
// their first await is seen outside them), so the requests leave in the order Node.js sends
// them. A failed response of `checked`, or a body that is not JSON, throws in Node.js (the
// native attempt aborts and falls back).
const inputs = [
  A({ ids: [1, 2, 3] }, true),
  A({ ids: [2, 1] }, true),
  A({ ids: [3] }, true),
  A({ ids: [1, 2, 3, 1] }, true),
  A({ ids: [1, 42] }),
  A({ ids: [42, 1] }),
  A({ ids: ['boom', 1] }),
  A({ ids: [] }),
  A({}),
  A({ ids: [2, 'busy'] }),
];
diffTest('fanout-arrows', { train: [{ ids: [1, 2] }, { ids: [3, 2, 1] }, { ids: [2] }], inputs });

// Concurrent activations (__OW_ALLOW_CONCURRENT=true) traced while overlapping: the async
// callbacks' groups of one activation are put after its own map calls, whatever the others do
// meanwhile; then a mixed burst, compared as multisets, with some native answers.
test('differential: fanout-arrows, activations traced while overlapping, then a mixed burst', async (t) => {
  const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'fanout-arrows.js'), 'utf8');
  const ENV = { __OW_ALLOW_CONCURRENT: 'true' };
  const TRAIN = [{ ids: [1, 2] }, { ids: [3, 2, 1] }, { ids: [2] }, { ids: [1, 3] }, { ids: [2, 1, 3] }, { ids: [3] }];
  const BURST = [...TRAIN, ...inputs.map((i) => i.args)];
  const backend = await startBackend();
  const node = await startServer({ engine: 'node', env: ENV });
  const auto = await startServer({ engine: 'auto', env: { ...ENV, CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(CODE)).status, 200);
    const ta = await burst(node, backend, TRAIN);
    const tb = await burst(auto, backend, TRAIN);
    assert.deepEqual(tb.replies, ta.replies, 'training replies');
    assert.deepEqual(tb.requests, ta.requests, 'training requests');
    await auto.waitForMetric('containerless_native_ready', 1);
    const a = await burst(node, backend, BURST);
    const b = await burst(auto, backend, BURST);
    const native = b.engines.filter((e) => e === 'native').length;
    t.diagnostic(`auto answered ${native} of ${BURST.length} concurrent activations natively`);
    assert.deepEqual(b.replies, a.replies, 'replies');
    assert.deepEqual(b.stdout, a.stdout, 'stdout lines (as a multiset)');
    assert.deepEqual(b.stderr, a.stderr, 'stderr lines (as a multiset)');
    assert.deepEqual(b.requests, a.requests, 'backend requests (as a multiset)');
    assert.ok(native >= 3, `only ${native} concurrent activations were native`);
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
});
