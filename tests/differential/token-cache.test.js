// Differential: token-cache (module state written through a helper's parameter on an untraced path): the action must stay in Node.js, never serve a stale module copy natively.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER, startBackend } = require('./harness');
const { countSentinels, startServer } = require('../runtime/harness');

const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'token-cache.js'), 'utf8');
// Only lookups are traced: the refresh path, which writes module state, is never seen by the trace.
const TRAIN = [{ user: 'ada' }, { user: 'alan' }, { user: 'grace' }];
const INPUTS = [
  { user: 'ada' }, { user: 'ada', refresh: 1 }, { user: 'ada' }, { user: 'alan' },
  { user: 'zoë', refresh: 2 }, { user: 'zoë' }, { user: 'ada' }, {}, { refresh: 3 }, {},
];

test('differential: token-cache stays in Node.js (a module write through an alias on an untraced path)', async () => {
  const backend = await startBackend();
  const node = await startServer({ engine: 'node' });
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(CODE)).status, 200);
    const run = async (args) => {
      const out = [];
      for (const s of [node, auto]) {
        const mark = s.mark();
        const before = Math.min(countSentinels(s.stdout), countSentinels(s.stderr));
        const r = await s.run({ base: backend.base, ...args });
        await s.waitForSentinels(before + 1);
        const logs = s.since(mark);
        out.push({ status: r.status, body: r.text, engine: r.headers['x-containerless-engine'], stdout: logs.stdout, stderr: logs.stderr });
      }
      const seen = (o) => [o.status, o.body, o.stdout, o.stderr];
      assert.deepEqual(seen(out[1]), seen(out[0]), JSON.stringify(args));
      return out[1];
    };
    for (const args of TRAIN) await run(args);
    // The compile trigger fetches the trace after the third traced activation and refuses it.
    const deadline = Date.now() + 20_000;
    while (!/trace is not compilable/.test(auto.events) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(auto.events, /trace is not compilable, staying in node: function remember may change an object held by the module binding state/);
    for (const args of INPUTS) assert.equal((await run(args)).engine, 'node', JSON.stringify(args));
    assert.equal((await auto.metrics()).containerless_native_ready || 0, 0);
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
});
