// Differential: flaky (a backend that fails some requests; a second request on 5xx; no request made twice).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
// The backend fails every key whose length is a multiple of 3.
diffTest('flaky', {
  train: [{ key: 'a' }, { key: 'ab' }, { key: 'abcd' }],
  inputs: [
    N({ key: 'x' }), N({ key: 'xy' }), N({ key: 'wxyz' }), N({ key: 'abcde' }),
    A({ key: 'abc' }), // fails once, the second key succeeds: untraced after a native fetch
    A({ key: 'ab' + 'c'.repeat(4) }), // 6: fails, then 7 succeeds
    N({ key: 'q' }),
    A({ key: 'ab' }), A({ key: 12 }), A({ key: 123 }), A({ key: true }), A({ key: null }), A({}),
    A({ key: '' }), // fails, then 'x' succeeds
    A({ key: 'ü' }) /* a non-ASCII url: not the normalized form native fetch takes */, A({ key: 'üüü' }), A({ key: ['a', 'b'] }), A({ key: { k: 1 } }),
    N({ key: 'abcdefg' }), A({ key: 'abcdef' }), N({ key: 'z' }), A({ key: '✓✓✓' }),
    A({ key: 'abcdefghi' }), N({ key: 'mn' }), A({ key: 1.5 }), N({ key: 'hello' }),
    A({ key: 'three' + 'x' }), N({ key: 'ok' }), A({ key: 'foo' }), N({ key: 'a' }),
  ],
});
