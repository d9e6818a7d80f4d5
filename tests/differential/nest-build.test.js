// Differential: nest-build (results and JSON.stringify of values 100 to 1000 levels deep and 100,000 elements wide; deeper ones are finding G8).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ depth: 2, width: 2, leaf: 'x' }, { depth: 3, width: 0, leaf: 1, arrays: true }, { depth: 1, width: 1, leaf: null, asText: true }],
  inputs: [
    { depth: 2, width: 2, leaf: 'x' }, { depth: 100, width: 10, leaf: 'deep' }, { depth: 400, width: 0, leaf: 1, arrays: true }, { depth: 1000, width: 0, leaf: 1, asText: true },
    { depth: 0, width: 100000, leaf: 'w' }, { depth: 0, width: 300000, leaf: 'w', asText: true }, { depth: 2, width: 2, leaf: 'after' },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,0,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('nest-build', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
