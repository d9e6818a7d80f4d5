// Differential bursts (__OW_ALLOW_CONCURRENT=true) of helper E2's H14 actions: fan-out helpers run whole at their call and shared cells, native and fallback activations overlapping, compared with Node.js as multisets (helper E2's H14 hunt).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { concurrentDifferential } = require('./harness');

const code = (name) => fs.readFileSync(path.join(__dirname, 'actions', `${name}.js`), 'utf8');

test('concurrent differential: h14-fanout bursts (native fan-outs beside failing ones)', async (t) => {
  await concurrentDifferential(t, {
    label: 'h14-fanout',
    code: code('h14-fanout'),
    train: [{ ids: [1, 2] }, { ids: [3, 42, 1] }, { ids: [2] }],
    // One failing id per input at most: with two, which rejection Promise.all sees first depends on the network.
    inputs: [{ ids: [1, 2, 3] }, { ids: [42, 1] }, { ids: [] }, { ids: [3, 3, 3] }, { ids: [1, 7] }, { ids: [2, 1, 42, 3] }, { ids: ['boom'] }, { ids: [1] }, { ids: 'nope' }, { ids: [42, 42] }],
    rounds: 2,
    minNative: 1,
  });
});

test('concurrent differential: h14-text-ints bursts (in-place appends and integer locals on overlapping activations)', async (t) => {
  const big = 'mix😀é'.repeat(300);
  await concurrentDifferential(t, {
    label: 'h14-text-ints',
    code: code('h14-text-ints'),
    train: [{ x: 3, y: 4, k: 3, s: 'abc' }, { x: 100, y: 7, k: 10, s: 'hello' }, { x: 12, y: -5, k: 2, s: 'y' }],
    inputs: [
      { x: 2147483647, y: 2, k: 20, s: big },
      { x: -2147483648, y: -1, k: 1, s: 'zz' },
      { x: 94906267, y: 94906267, k: 40, s: big },
      { x: 9007199254740991, y: 3, k: 6, s: '😀😀' },
      { x: -7, y: 3, k: 5, s: '\uffff\uffff' },
      { x: '1', y: 2, k: 1, s: 'a' },
      { x: 5, y: 0, k: 2, s: '' },
      { x: 123456789, y: 987654321, k: 6, s: big },
    ],
    rounds: 2,
    minNative: 1,
  });
});
