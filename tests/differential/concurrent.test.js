// Differential under __OW_ALLOW_CONCURRENT=true: a burst of overlapping /run calls (native ones waiting on fetches together) against the same burst on the Node engine.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER, burst, startBackend } = require('./harness');
const { startServer } = require('../runtime/harness');

const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'profile.js'), 'utf8');
const ENV = { __OW_ALLOW_CONCURRENT: 'true' };

test('differential: profile, 24 concurrent activations (native fetches in flight together)', async (t) => {
  const backend = await startBackend();
  const node = await startServer({ engine: 'node', env: ENV });
  const auto = await startServer({ engine: 'auto', env: { ...ENV, CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(CODE)).status, 200);
    for (const id of [1, 2, 3]) for (const s of [node, auto]) assert.equal((await s.run({ base: backend.base, id })).status, 200);
    await auto.waitForMetric('containerless_native_ready', 1);
    // Traced ids (native) mixed with 404s, 5xx and a string id (fallbacks with replay), all at once.
    const ids = [1, 2, 3, 42, 1, 2, 3, 42, 9, 'boom', 1, 2, 3, 42, 'busy', '1', 1, 2, 3, 42, 404, 1, 2, 3];
    const inputs = ids.map((id) => ({ id }));
    const a = await burst(node, backend, inputs);
    const b = await burst(auto, backend, inputs);
    const native = b.engines.filter((e) => e === 'native').length;
    t.diagnostic(`auto answered ${native} of ${inputs.length} concurrent activations natively`);
    assert.deepEqual(b.replies, a.replies, 'replies');
    assert.deepEqual(b.stdout, a.stdout, 'stdout lines (as a multiset)');
    assert.deepEqual(b.stderr, a.stderr, 'stderr lines (as a multiset)');
    assert.deepEqual(b.requests, a.requests, 'backend requests (as a multiset)');
    assert.ok(native >= 12, `only ${native} concurrent activations were native`);
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
});
