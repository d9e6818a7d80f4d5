// Differential: json-shape (integer-like key order, delete and re-add, JSON.stringify with every kind of indent and special values, JSON.parse back).
'use strict';
const { diffTest } = require('./harness');

const base = { theme: 'dark', 2: 'two', 10: 'ten', lang: 'en', secret: 's3' };
const spec = {
  train: [{ settings: base, indent: 2, slot: 'x' }, { settings: { a: 1, b: [1, 2] }, indent: '\t', slot: '5', rename: 'a' }, { settings: { z: null, y: { n: 1 } }, indent: 0, slot: 'q' }],
  inputs: [
    { settings: base, indent: 2, slot: 'x' }, { settings: base, indent: 4, slot: '1', rename: 'theme' }, { settings: base, indent: 20, slot: '-1' }, { settings: base, indent: '--->', slot: '01' },
    { settings: base, indent: 'abcdefghijklmnop', slot: '4294967295' }, { settings: base, indent: 4294967294, slot: '4294967294' }, { settings: base, indent: -1, slot: '1.5' }, { settings: base, indent: 2.7, slot: '1e3' },
    { settings: base, indent: '', slot: '' }, { settings: base, slot: 'x' }, { settings: base, indent: null, slot: 'x' }, { settings: base, indent: true, slot: 'x' }, { settings: base, indent: [2], slot: 'x' },
    { settings: {}, indent: 2, slot: '0' }, { settings: { '': 1, ' ': 2, '\n': 3, 'ü': 4, '😀': 5 }, indent: 1, slot: '\u2028' }, { settings: { a: { b: { c: { d: { e: {} } } } }, f: [[[]]] }, indent: 1, slot: 'g' },
    { settings: { a: '</script>', b: '\u0007', c: '"\\', d: '\ud800' }, indent: 2, slot: 'x' }, { settings: { big: 1e21, small: 1e-7, neg: -0, max: 1.7976931348623157e308 }, indent: 2, slot: 'x' },
    { settings: base, indent: 2, slot: 'secret' }, { settings: base, indent: 2, slot: 'exported', rename: 'lang' }, { settings: base, indent: 2, slot: 'x', rename: '2' }, { settings: base, indent: 2, slot: 'x', rename: 'nope' },
    { settings: { __proto__: 1, a: 2 }, indent: 2, slot: 'constructor' }, { settings: [1, 2], indent: 2, slot: 'x' }, { settings: 'str', indent: 2, slot: 'x' }, { settings: null, indent: 2, slot: 'x' },
    { settings: base, indent: 2, slot: 7 }, { settings: base, indent: 2, slot: null }, { settings: base, indent: 2 }, { settings: { 9007199254740993: 'x', 1: 'y' }, indent: 2, slot: '9007199254740992' },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,0,0,1,1,1,1,1,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,0,1,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('json-shape', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
