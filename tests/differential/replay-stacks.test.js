// Differential under __OW_ALLOW_CONCURRENT=true: several fallbacks replaying recorded fetches at once must leave the same stacks as Node.js (no frames of the replay's scheduling).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { concurrentDifferential } = require('./harness');

const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'user-check.js'), 'utf8');

// Regression: proxy/replay.js answered every replayed request from a setImmediate; Node runs the
// immediates due in one turn from one call, so with several fallbacks in flight the promise jobs
// of one ran inside the next one's runNextTicks and processImmediate, and the stack of an error
// thrown there ("fetch failed", or the action's own TypeError after the fetch) had those frames.
test('differential: user-check, bursts of concurrent fallbacks after replayed fetches keep Node.js stacks', (t) => {
  // Unknown ids fall back after a native fetch (the 404 path is untraced) and throw in Node.js.
  const inputs = [1, 9, 2, 8, 7, 3, 6, 5, 42, 11, 12, 1].map((id) => ({ id }));
  const train = [1, 2, 3].map((id) => ({ id }));
  return concurrentDifferential(t, { label: 'user-check', code: CODE, train, trainOk: true, inputs, rounds: 5, minNative: 4 });
});
