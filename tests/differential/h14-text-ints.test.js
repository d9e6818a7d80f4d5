// Differential: h14-text-ints, integer locals near 2^31 and 2^53 (products, remainders, negative values, charCodeAt), + chains, in-place string appends with surrogate pairs and earlier views kept (helper E2's H14 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [
    { x: 3, y: 4, k: 3, s: 'abc' },
    { x: 100, y: 7, k: 10, s: 'hello' },
    { x: 12, y: -5, k: 2, s: 'y' },
  ],
  inputs: [
    { x: 2147483647, y: 2, k: 20, s: 'abc' },
    { x: -2147483648, y: -1, k: 1, s: 'zz' },
    { x: 46341, y: 46341, k: 34, s: 'a' },
    { x: 94906267, y: 94906267, k: 40, s: 'hello world, long enough to overflow a 32-bit hash' },
    { x: 9007199254740991, y: 3, k: 2, s: '😀😀' },
    { x: -7, y: 3, k: 5, s: '\uffff\uffff' },
    { x: 7, y: -3, k: 5, s: 'Ω' },
    { x: 6, y: 3, k: 1, s: 'é' },
    { x: 0, y: -5, k: 1, s: 'ab' },
    { x: 5, y: 0, k: 2, s: '' },
    { x: -5, y: 0, k: 2, s: 'ß' },
    { x: 4294967295, y: 4294967295, k: 3, s: '\u0000\u0001' },
    { x: 1e10, y: 1e10, k: 35, s: 'e' },
    { x: 3, y: 4.5, k: 1, s: 'half' },
    { x: -2147483649, y: 2, k: 4, s: '😀x' },
    { x: 123456789, y: 987654321, k: 6, s: 'mix😀é' },
    // Untraced: strings for numbers (concatenation where the trace added), a missing s.
    { x: '1', y: 2, k: 1, s: 'a' },
    { x: 1, y: 2, k: '3', s: 'a' },
    { x: 1, y: 2, k: 2 },
  ],
  native: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h14-text-ints', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
