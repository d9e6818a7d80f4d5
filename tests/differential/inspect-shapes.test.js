// Differential: inspect-shapes (console.log/error/warn/info of nested objects and arrays, quotes, holes, long arrays, keys to quote, util.format specifiers).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [
    { item: { name: 'widget', count: 3, tags: ['a', 'b'] }, list: [1, 2, 3] },
    { item: { name: "it's", count: 0, tags: [] }, list: [5] },
    { item: { name: 'x"y', count: 10, tags: ['q'] }, list: [1, 2, 3, 4, 5, 6, 7, 8] },
  ],
  inputs: [
    { item: { name: 'widget', count: 3, tags: ['a', 'b'] }, list: [1, 2, 3] }, { item: { name: 'both \' and "', count: 1, tags: [] }, list: [0] },
    { item: { name: 'all `\'"', count: 2, tags: [] }, list: [1] }, { item: { name: '', count: -1, tags: [''] }, list: [] },
    { item: { name: 'n', count: 1.5, tags: [] }, list: Array.from({ length: 30 }, (_, i) => i * 1000) }, { item: { name: 'n', count: 1, tags: [] }, list: Array.from({ length: 120 }, (_, i) => i) },
    { item: { name: 'long', count: 1, tags: ['x'.repeat(100)] }, list: [1e21, 1e-7, -1e-7, 0.1] }, { item: { name: 'nl\nx', count: 1, tags: ['\t'] }, list: [1] },
    { item: { name: 'ü😀', count: 1e21, tags: [] }, list: [NaN] }, { item: { name: 'k', count: 1, tags: [], 'a-b': 1, 3: 'x', 'with space': 2 }, list: [2] },
    { item: { name: 'nest', count: 1, tags: [{ a: { b: { c: { d: 1 } } } }] }, list: [1] }, { item: { name: 'n', count: 1, tags: [null, true, false] }, list: [-1] },
    { item: { name: 'big', count: 12345678901234567890, tags: [] }, list: [1, 2] }, { item: { name: 'n', count: '3', tags: [] }, list: [1] }, { item: { name: 'n', count: 3, tags: 'x' }, list: [1] },
    { item: { name: 5, count: 3, tags: [] }, list: [1] }, { item: { name: null, count: null, tags: null }, list: [1] }, { item: [], list: [1] }, { item: { name: 'n', count: 3 }, list: ['a', 'b'] },
    { item: { name: 'a'.repeat(20), count: 3, b: 'b'.repeat(20), c: 'c'.repeat(20), d: 'd'.repeat(20) }, list: [1] }, { item: { name: 'w', count: 3, tags: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccc', 'dddddddddddddddddddd'] }, list: [1] },
    { item: { name: 'n', count: 3, tags: [] }, list: [1.5, -2.25, 3, 400000, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27] },
    { item: { name: 'n', count: 3, tags: [] }, list: ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'aa'] },
    { item: { name: '%s %d', count: 3, tags: [] }, list: [1] }, { item: { name: 'n', count: -0, tags: [] }, list: [-0, 0] }, { item: { __proto__x: 1, name: 'p', count: 1 }, list: [1] },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1,1,1,1,1,1,1,1,0,1,1,0,0,1,1,1,1,1,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('inspect-shapes', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
