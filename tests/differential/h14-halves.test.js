// Differential: h14-halves, lone surrogate halves made inside the action (split, charAt, index, slice of astral text), appended in place, kept, logged and returned (helper E2's H14 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ s: 'ab' }, { s: 'xyz' }, { s: 'qq' }],
  inputs: [{ s: '😀' }, { s: '😀😁' }, { s: 'a😀' }, { s: 'e\u0301' }, { s: '𝟘𝟙' }, { s: '😀x😀' }, { s: '\u{10ffff}\u{10000}' }, { s: '😀'.repeat(500) },
    // Not a string: String() of it (a guard on the trace's string type may fall back).
    { s: 12345 }, { s: ['😀', 'x'] }],
  native: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h14-halves', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
