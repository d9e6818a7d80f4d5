// Differential: json-edge (json() of duplicate keys, __proto__, integer-like keys, -0, huge numbers, lone surrogates, non-objects).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const all = [];
for (let round = 0; round < 2; round++) for (let v = 0; v < 16; v++) all.push(v === 12 ? A({ v }) : { args: { v } }); // 12: null, Object.keys throws
diffTest('json-edge', {
  train: [{ v: 0 }, { v: 7 }, { v: 10 }],
  inputs: [N({ v: 0 }), N({ v: 7 }), N({ v: 10 }), ...all, N({ v: 0 })],
});
