// Differential: ow-head, catalog utils/head (slice with odd counts, arrays and strings): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const head = {
  train: [{"lines":["a","b","c"],"num":2},{"lines":["x"]},{"lines":["one","two","three"],"num":5}],
  inputs: [
    {"lines":["a","b","c"],"num":2},
    {"lines":[]},
    {},
    {"lines":["a","b"],"num":0},
    {"lines":["a","b"],"num":-1},
    {"lines":["a","b","c"],"num":"2"},
    {"lines":["a","b","c"],"num":1.5},
    {"lines":["a","b"],"num":1e+21},
    {"lines":["a","b"],"num":null},
    {"lines":["a","b"],"num":"x"},
    {"lines":["a","b"],"num":true},
    {"lines":"abcdef","num":3},
    {"lines":[[1,2],[3]],"num":2},
    {"lines":[{"a":1},null,null],"num":3},
    {"lines":["ü","☃","😀"],"num":2},
    {"lines":["a","b"],"num":0},
    {"lines":["a","b"],"num":[1]},
    {"lines":["a","b"],"num":null},
    {"lines":5,"num":1},
    {"lines":null,"num":2},
    {"lines":[1e+21,0.1,0],"num":3},
    {"lines":["a","b","c"],"num":9007199254740994},
    {"lines":["a","b","c"],"num":-2},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,1,1,0,1,1,1,0,0,0,1,1,1,1,0,1,0,0,1,1,1],
};
if (head.native.length !== head.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-head', { train: head.train, inputs: head.inputs.map((args, i) => ({ args, native: head.native[i] ? true : undefined })) }, 'differential: ow-head');

const head2 = {
  train: [{"lines":["a","b","c"],"num":2},{"lines":["x"]},{},{"lines":"abc","num":2},{"lines":["a","b"],"num":-1}],
  inputs: [
    {},
    {"lines":"abcdef","num":4},
    {"lines":"ü☃😀x","num":3},
    {"lines":"😀😀","num":1},
    {"lines":["a","b","c"],"num":-5},
    {"lines":["a","b","c"],"num":1.9},
    {"lines":["a","b","c"],"num":-1.5},
    {"lines":"abc","num":-1},
    {"lines":["a"],"num":1e+21},
    {"lines":["a","b"],"num":-1e+21},
    {"lines":[null,[1,2],{"a":1},true,1e+21,0],"num":6},
    {"lines":"","num":2},
    {"lines":[],"num":0},
    {"lines":["a","b"],"num":2147483648},
    {"lines":["a","b"],"num":-2147483649},
    {"lines":["a","b"],"num":4294967296},
    {"lines":"abc","num":0.5},
    {"lines":"abc","num":"2"},
    {"lines":["a","b","c"],"num":"-1"},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,0,0,1,1,1,0,1,1,1,1,1,1,1,1,0,0,0],
};
if (head2.native.length !== head2.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-head', { train: head2.train, inputs: head2.inputs.map((args, i) => ({ args, native: head2.native[i] ? true : undefined })) }, 'differential: ow-head (trained on strings and negative counts)');
