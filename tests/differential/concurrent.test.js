// Differential under __OW_ALLOW_CONCURRENT=true: a burst of overlapping /run calls (native ones waiting on fetches together) against the same burst on the Node engine.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { concurrentDifferential } = require('./harness');

const CODE = fs.readFileSync(path.join(__dirname, 'actions', 'profile.js'), 'utf8');

test('differential: profile, 24 concurrent activations (native fetches in flight together)', (t) => {
  // Traced ids (native) mixed with 404s, 5xx and a string id (fallbacks with replay), all at once.
  const ids = [1, 2, 3, 42, 1, 2, 3, 42, 9, 'boom', 1, 2, 3, 42, 'busy', '1', 1, 2, 3, 42, 404, 1, 2, 3];
  const train = [1, 2, 3].map((id) => ({ id }));
  return concurrentDifferential(t, { label: 'profile', code: CODE, train, trainOk: true, inputs: ids.map((id) => ({ id })), minNative: 12 });
});
