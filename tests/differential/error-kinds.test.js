// Differential: error-kinds (TypeError/RangeError/Error with a code, caught and rethrown, thrown strings and objects, rejections, {error} results).
'use strict';
const { diffTest } = require('./harness');

const q = (limit, used) => ({ limit, used });
const spec = {
  train: [{ quota: q(100, 20) }, { quota: q(10, 20) }, { quota: q(100, 95) }],
  inputs: [
    { quota: q(100, 20) }, { quota: q(10, 20) }, { quota: q(10, 20), mode: 'rethrow' }, { quota: q(10, 20), mode: 'reject' }, { quota: q(10, 20), mode: 'plain' }, { quota: q(10, 20), mode: 'object' },
    { quota: q('10', 5) }, { quota: q('10', 5), mode: 'rethrow' }, { quota: q(-1, 0) }, { quota: q(-1, 0), mode: 'reject' }, { quota: q(5, 5), mode: 'strict' }, { quota: q(5, 5) },
    { quota: q(0, 0) }, { quota: q(3, 1) }, { quota: {} }, {}, { quota: null }, { quota: q(NaN, 1) }, { quota: q(1e21, 1) }, { quota: q(100, -5) }, { quota: q(100, '5') },
    { quota: q(Infinity, 1) }, { quota: q(10, 20), mode: 'object' }, { quota: q(7, 7.5), mode: 'plain' }, { quota: q(100, 99.5) }, { quota: [10, 5] }, { quota: q(2 ** 60, 1) },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,0,0,0,0,0,0,0,0,0,1,1,1,0,0,0,0,1,1,0,0,0,0,1,0,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('error-kinds', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
