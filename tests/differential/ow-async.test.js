// Differential: ow-async, docs asynchronous actions: setTimeout promises, rejections, the documentation examples (1)/(2): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const async = {
  train: [{},{"payload":true},{"payload":1}],
  inputs: [
    {},
    {"payload":true},
    {"payload":0},
    {"payload":1},
    {"payload":2},
    {"payload":"0"},
    {"payload":"1"},
    {"payload":""},
    {"payload":[]},
    {"payload":[0]},
    {"payload":null},
    {"payload":false},
    {"payload":3},
    {"payload":"x"},
    {"payload":{"a":1}},
    {"mode":"reject"},
    {"mode":"reject-empty"},
    {"payload":1e+21},
    {"payload":0},
    {"payload":"2"},
    {"payload":[[1]]},
    {"payload":"ü☃"},
    {"payload":true,"mode":"other"},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,1,0,0,1,0,0,0,1,0,0,0,0,0,0,0,0,0,1,0,1],
};
if (async.native.length !== async.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-async', { train: async.train, inputs: async.inputs.map((args, i) => ({ args, native: async.native[i] ? true : undefined })) }, 'differential: ow-async');

const async2 = {
  train: [{},{"payload":true},{"payload":0},{"payload":1},{"payload":2},{"mode":"reject"},{"mode":"reject-empty"},{"payload":"x"}],
  inputs: [
    {},
    {"payload":0},
    {"payload":1},
    {"payload":2},
    {"mode":"reject"},
    {"mode":"reject-empty"},
    {"payload":"x"},
    {"payload":"0"},
    {"payload":"1"},
    {"payload":"2"},
    {"payload":""},
    {"payload":[]},
    {"payload":[1]},
    {"payload":[[2]]},
    {"payload":null},
    {"payload":false},
    {"payload":3},
    {"payload":1.0000001},
    {"payload":0},
    {"payload":" 1 "},
    {"payload":"0x1"},
    {"payload":"1e0"},
    {"payload":true},
    {"payload":{"a":1}},
    {"payload":"ü"},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,0,0,0,0,1,1,0,1,1,1,0,1,1,0,0,1,1,1,1,1,0,0],
};
if (async2.native.length !== async2.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-async', { train: async2.train, inputs: async2.inputs.map((args, i) => ({ args, native: async2.native[i] ? true : undefined })) }, 'differential: ow-async (trained on every branch, rejections included)');
