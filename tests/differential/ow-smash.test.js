// Differential: ow-smash, catalog utils/smash (args nested under a computed key after a delete): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const smash = {
  train: [{"a":1,"b":2,"$fieldName":"p"},{"c":{"d":1,"e":2},"$fieldName":"q"},{"x":"y"}],
  inputs: [
    {"a":1,"b":2,"$fieldName":"p"},
    {},
    {"$fieldName":""},
    {"$fieldName":5},
    {"$fieldName":null},
    {"$fieldName":"☃","v":"ü"},
    {"$fieldName":"__proto__","a":1},
    {"$fieldName":"constructor","a":1},
    {"$fieldName":"base","a":1},
    {"$fieldName":["p"],"a":1},
    {"$fieldName":"0","a":[1,2]},
    {"$fieldName":"p","n":1e+21,"z":0,"big":9007199254740992},
    {"$fieldName":"toString"},
    {"$fieldName":"a","a":"self"},
    {"$fieldName":"1","b":{"c":{"d":[]}}},
    {"$fieldName":"p","$other":1},
    {"$fieldName":"hasOwnProperty","x":1},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1],
};
if (smash.native.length !== smash.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-smash', { train: smash.train, inputs: smash.inputs.map((args, i) => ({ args, native: smash.native[i] ? true : undefined })) }, 'differential: ow-smash');
