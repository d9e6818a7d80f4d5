// Differential: h12-table-export, default sort of mixed values, integer-like keys and their order, JSON.stringify replacer arrays and indents (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"rows":[{"key":"b","v":2},{"key":"a","v":1},{"key":"b","v":3}]},{"rows":[{"key":"x","v":"q"},{"key":"y","v":"p"}],"indent":4},{"rows":[{"key":"k","v":10},{"key":"j","v":9},{"key":"k","v":1}],"fields":["count","index","k"]}],
  inputs: [
    {"rows":[{"key":"b","v":2},{"key":"a","v":1},{"key":"b","v":3}]},
    {"rows":[{"key":"10","v":10},{"key":"9","v":9},{"key":"1","v":1},{"key":"a","v":"a"},{"key":"-1","v":-1},{"key":"01","v":1},{"key":"1.5","v":2}]},
    {"rows":[{"key":"4294967295","v":1},{"key":"4294967294","v":2},{"key":"4294967296","v":3},{"key":"0","v":0},{"key":"9007199254740993","v":4}]},
    {"rows":[{"key":"b","v":1},{"key":"2","v":2},{"key":"a","v":3},{"key":"1","v":4}],"drop":2,"add":"0"},
    {"rows":[{"key":"z","v":1}],"add":7},
    {"rows":[{"key":"z","v":1}],"add":"-0"},
    {"rows":[{"key":"a","v":10},{"key":"b","v":9},{"key":"c","v":100},{"key":"d","v":1},{"key":"e","v":-1},{"key":"f","v":-10}]},
    {"rows":[{"key":"a","v":"b"},{"key":"b","v":"B"},{"key":"c","v":"a"},{"key":"d","v":"ä"},{"key":"e","v":"Z"},{"key":"f","v":"😀"},{"key":"g","v":"￿"},{"key":"h","v":""}]},
    {"rows":[{"key":"a","v":null},{"key":"b","v":true},{"key":"c","v":"null"},{"key":"d","v":"true"},{"key":"e","v":0},{"key":"f","v":false}]},
    {"rows":[{"key":"a","v":[2,1]},{"key":"b","v":[10]},{"key":"c","v":{"x":1}},{"key":"d","v":"[object Object]"}]},
    {"rows":[{"key":"a","v":1}],"indent":12},
    {"rows":[{"key":"a","v":1}],"indent":0},
    {"rows":[{"key":"a","v":1}],"indent":-3},
    {"rows":[{"key":"a","v":1}],"indent":"--"},
    {"rows":[{"key":"a","v":1}],"indent":"abcdefghijklmno"},
    {"rows":[{"key":"a","v":1}],"indent":""},
    {"rows":[{"key":"a","v":1}],"indent":3.7},
    {"rows":[{"key":"a","v":1}],"indent":true},
    {"rows":[{"key":"a","v":1},{"key":"1","v":2}],"fields":["a",1,"count","index","a"]},
    {"rows":[{"key":"a","v":1}],"fields":[]},
    {"rows":[{"key":"a","v":1}],"fields":["sorted"]},
    {"rows":[{"key":"a","v":1}],"fields":"count"},
    {"rows":[{"key":"a","v":1}],"fields":[{},null,"count"]},
    {"rows":[]},
    {"rows":[{"key":"__proto__","v":1},{"key":"constructor","v":2}]},
    {"rows":[{"key":"a","v":1.5},{"key":"b","v":0},{"key":"c","v":1e+21},{"key":"d","v":1e-7}]},
    {"rows":[{"key":"a","v":"ǅ"},{"key":"b","v":"ǆ"},{"key":"c","v":"Ǆ"}]},
    {"rows":[{"key":"x","v":"\ud800"},{"key":"y","v":"􏿿"},{"key":"z","v":"😀"}]},
    {"rows":[{"key":" 1","v":1},{"key":"1 ","v":2},{"key":"+1","v":3},{"key":"1e3","v":4},{"key":"0x1","v":5}]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,0,0,0,1,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,1,0,1,1,0,1],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-table-export', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
