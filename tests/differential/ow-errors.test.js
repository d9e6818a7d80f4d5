// Differential: ow-errors, runtime tests: thrown strings, application errors, non-object results, stdout/stderr echo: published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const errors = {
  train: [{},{"kind":"app"},{"v":1}],
  inputs: [
    {},
    {"kind":"app"},
    {"v":1},
    {"kind":"throw"},
    {"kind":"string"},
    {"kind":"throwerr","msg":"bad"},
    {"kind":"throwerr"},
    {"kind":"array","msg":1},
    {"kind":"null"},
    {"kind":5},
    {"v":"ü☃😀","n":[1e+21,0,0.1]},
    {"kind":"throwerr","msg":{"a":1}},
    {"kind":"throwerr","msg":"☃"},
    {"nested":{"a":{"b":{"c":[null,true]}}}},
    {"kind":"app","extra":1},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,0,0,0,0,0,0,1,1,0,0,1,1],
};
if (errors.native.length !== errors.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-errors', { train: errors.train, inputs: errors.inputs.map((args, i) => ({ args, native: errors.native[i] ? true : undefined })) }, 'differential: ow-errors');
