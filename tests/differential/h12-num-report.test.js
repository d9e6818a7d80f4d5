// Differential: h12-num-report, toFixed/toPrecision/toExponential extremes, toString(radix), -0, NaN, Infinity, parseInt/parseFloat/Number of odd strings (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"values":[1,2.5,3]},{"values":[10,"20",0.1],"digits":3},{"values":[255,4096],"radix":2}],
  inputs: [
    {"values":[1,2.5,3]},
    {"values":[1.005,1.0049999,2.345,0.5,1.5,2.5,-0.5,-1.5]},
    {"values":[1e+21,1e-7,1.23e-18,5e-324,1.7976931348623157e+308]},
    {"values":[0]},
    {"values":["-0"," 42 ","0x1f","0b101","0o17","1_000","","  ","1e3",".5","5.","+7","-","Infinity","-Infinity","infinity","12px","٣"]},
    {"values":[0.1,0.2],"digits":20},
    {"values":[123.456],"digits":0},
    {"values":[9007199254740992,9007199254740992,-9007199254740992],"radix":36},
    {"values":[-255],"radix":16},
    {"values":[1e+21,999999999999999900000],"digits":5},
    {"values":[]},
    {"values":[null]},
    {"values":[null,null]},
    {"values":[1,2],"digits":100},
    {"values":[4.35,1.45,8.345,0.000001,1e-7],"digits":1},
    {"values":[100,1e+100,1e-100],"digits":10},
    {"values":[2147483648,-2147483648,4294967296],"radix":2},
    {"values":[0.30000000000000004,0.19999999999999998,0.3333333333333333,0.6666666666666666],"digits":17},
    {"values":[true,null]},
    {"values":[1,"2",3],"radix":8},
    {"values":[1e-7],"digits":18},
    {"values":[25,35,45],"digits":-1},
    {"values":[1],"digits":101},
    {"values":[5],"radix":1},
    {"values":[5],"radix":37},
    {"values":[5],"radix":10.9},
    {"values":["1e1000","-1e1000","1e-1000"]},
    {"values":[123456789012345680000]},
    {"values":[0.000001234,1.234e-7],"digits":3},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,0,0,1,1,0,1,0,0,0,0,1,1,0,1,1,0,1,1,0,0,0,0,1,0,0,1],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-num-report', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
