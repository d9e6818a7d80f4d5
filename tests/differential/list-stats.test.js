// Differential: list-stats (NaN made by coercion, includes vs indexOf, default sort of mixed values, dedupe, chunked slices, flat, at, lastIndexOf, String and + of arrays).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ values: ['3', '1', '2'] }, { values: [10, 9, 1, 'x'], chunk: 3 }, { values: ['a', 'a', 'b'], chunk: 1 }],
  inputs: [
    { values: ['3', '1', '2'] }, { values: [] }, { values: [0, -0, '0', '-0'] }, { values: [10, 9, 1, 100, 2] }, { values: ['b', 'B', 'a', 'A', 'é', 'e', 'Z', '😀', '~'] },
    { values: [null, null, 'null', 1] }, { values: [true, false, 'true'] }, { values: ['', ' ', '\t', '1e3', '0x10', '0b11', '1_0', '.5', '5.', '+5', '-5', 'Infinity', '-Infinity'] },
    { values: [1e21, 1e-7, 123456789012345680000] }, { values: [[1], [2, 3], []] }, { values: [{ a: 1 }, {}] }, { values: ['x'], chunk: 0.5 }, 
    { values: ['x', 'y', 'z'], chunk: 100 }, { values: ['x', 'y', 'z'], chunk: '2' }, { values: 'abc' }, { values: null }, {},
    { values: [3, 1, 2, 3, 1, 2, 3] }, { values: ['10', '9', '1', 10, 9, 1] }, { values: [-1, -10, -2] }, { values: ['😀', '😁', '\ud83d'] },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1,1,1,0];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('list-stats', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
