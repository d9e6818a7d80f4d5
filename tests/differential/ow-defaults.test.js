// Differential: ow-defaults, runtime tests "default function parameters" (IIFE with defaults): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const defaults = {
  train: [{},{"foo":3},{"foo":4,"b":1}],
  inputs: [
    {},
    {"foo":3},
    {"foo":"3"},
    {"foo":null},
    {"foo":3,"b":null},
    {"foo":3,"b":"x"},
    {"foo":"a","b":"b"},
    {"foo":1e+21},
    {"foo":0},
    {"foo":[3]},
    {"foo":3,"b":2},
    {"foo":0.5,"b":0.25},
    {"b":1},
    {"foo":true,"b":true},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,0,1,1,0,1,1,0,1,1,1,0],
};
if (defaults.native.length !== defaults.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-defaults', { train: defaults.train, inputs: defaults.inputs.map((args, i) => ({ args, native: defaults.native[i] ? true : undefined })) }, 'differential: ow-defaults');
