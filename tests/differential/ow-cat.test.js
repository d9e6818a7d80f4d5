// Differential: ow-cat, catalog utils/cat (lines joined, the result logged with JSON.stringify): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const cat = {
  train: [{"lines":["a","b"]},{"lines":["x"]},{"lines":["one","two","three"]}],
  inputs: [
    {"lines":["a","b"]},
    {"lines":[]},
    {},
    {"lines":["ünï","☃","😀"]},
    {"lines":[1,2,3]},
    {"lines":[null,null,"x"]},
    {"lines":"abc"},
    {"lines":[[1,2],["x"]]},
    {"lines":[{"a":1}]},
    {"lines":[true,false]},
    {"lines":[1e+21,0,0.1,9007199254740992]},
    {"lines":null},
    {"lines":0},
    {"lines":[""]},
    {"lines":["",""]},
    {"lines":["\n","\t","\"q\"","\\"]},
    {"lines":["\ud800"]},
    {"lines":["row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row","row"]},
    {"lines":{"0":"a","1":"b","length":2}},
    {"lines":42},
    {"lines":["a"],"other":5},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,1,1,1,0,1,1,1,1,0,0,1,1,1,0,1,0,0,1],
};
if (cat.native.length !== cat.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-cat', { train: cat.train, inputs: cat.inputs.map((args, i) => ({ args, native: cat.native[i] ? true : undefined })) }, 'differential: ow-cat');

const cat2 = {
  train: [{"lines":["a","b"]},{},{"lines":[1,"x",null]},{"lines":"abc"}],
  inputs: [
    {},
    {"lines":"xyz"},
    {"lines":""},
    {"lines":"ü☃"},
    {"lines":[]},
    {"lines":[2,"y",null]},
    {"lines":[true]},
    {"lines":[[1,[2,[3]]]]},
    {"lines":[{}]},
    {"lines":[1e+21,1e-7,0,123456789012345680000]},
    {"lines":[0.30000000000000004,5e-324,1.7976931348623157e+308]},
    {"lines":"a\nb"},
    {"lines":["a\u0000b"]},
    {"lines":[-1e-7,1e+301]},
    {"lines":["\ud800x"]},
    {"lines":["😀😀😀"]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,1,0,1,1,1,1,1,1,1,0,1,1,0,1],
};
if (cat2.native.length !== cat2.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-cat', { train: cat2.train, inputs: cat2.inputs.map((args, i) => ({ args, native: cat2.native[i] ? true : undefined })) }, 'differential: ow-cat (trained on missing and string lines)');
