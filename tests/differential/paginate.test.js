// Differential: paginate (a fetched JSON list paged with slice/filter/reduce/at; pages out of range, zero and negative sizes, strings and nulls for numbers).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ n: 25, page: 1, size: 10 }, { n: 25, page: 3, size: 10 }, { n: 7, page: 2, size: 3 }],
  inputs: [
    { n: 25, page: 1, size: 10 }, { n: 25, page: 2, size: 10 }, { n: 25, page: 4, size: 10 }, { n: 1, page: 1, size: 1 }, { n: 0, page: 1, size: 5 },
    { n: 30, page: 0, size: 10 }, { n: 30, page: -1, size: 10 }, { n: 30, page: 1.5, size: 10 }, { n: 30, page: '2', size: 10 }, { n: 30, page: 2, size: '10' },
    { n: 30, page: 1, size: 0 }, { n: 30, page: 1, size: -3 }, { n: 30, page: 1, size: 2.5 }, { n: 30 }, { n: 30, page: null, size: null },
    { n: 2000, page: 100, size: 20 }, { n: 30, page: 1e21, size: 10 }, { n: 30, page: 1, size: 1e21 }, { n: 'x', page: 1, size: 5 }, { n: 12, page: [2], size: 5 },
    { n: 12, page: 2, size: NaN }, { n: 12, page: 2, size: 'abc' }, { n: 12, page: true, size: 5 }, { n: 12, page: 2, size: 5, base2: 1 },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,0,1,1,0,1,1,0,0,0,0,1,0,0,1,0,1,0,0,0,0,0,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('paginate', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
