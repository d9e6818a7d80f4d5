// Differential: ow-unicode, runtime tests testUnicode (snowman around a delimiter): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const unicode = {
  train: [{"delimiter":"❄"},{"delimiter":"*"},{"delimiter":"ab"}],
  inputs: [
    {"delimiter":"❄"},
    {},
    {"delimiter":""},
    {"delimiter":null},
    {"delimiter":0},
    {"delimiter":1e+21},
    {"delimiter":"😀"},
    {"delimiter":"\ud83d"},
    {"delimiter":"\u0000"},
    {"delimiter":"  "},
    {"delimiter":["a","b"]},
    {"delimiter":{"a":1}},
    {"delimiter":true},
    {"delimiter":0},
    {"delimiter":"\u001b[31m"},
    {"delimiter":"é"},
    {"delimiter":"﻿"},
    {"delimiter":"\\\""},
    {"delimiter":9007199254740992},
    {"delimiter":0.30000000000000004},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1,1],
};
if (unicode.native.length !== unicode.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-unicode', { train: unicode.train, inputs: unicode.inputs.map((args, i) => ({ args, native: unicode.native[i] ? true : undefined })) }, 'differential: ow-unicode');
