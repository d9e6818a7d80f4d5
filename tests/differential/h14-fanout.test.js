// Differential: h14-fanout, Promise.all over async helpers that run whole at their call natively (prefix logs, a shared counter cell, one failing helper), then for-let closures across awaits (helper E2's H14 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ ids: [1, 2] }, { ids: [3, 42, 1] }, { ids: [2] }],
  inputs: [
    { ids: [1, 2, 3] },
    { ids: [42, 1] },
    { ids: [] },
    { ids: [3, 3, 3, 3, 3] },
    { ids: [2, 1, 42, 3, 2, 1] },
    { ids: ['2'] },
    // One helper of several fails (404, 500, 503): native code aborts at the throw, Node.js answers.
    { ids: [1, 7] },
    { ids: ['boom', 2] },
    { ids: [1, 2, 'busy'] },
    // Not an array: no helper runs.
    { ids: 'nope' },
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h14-fanout', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
