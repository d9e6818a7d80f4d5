// Differential: unicode-text (UTF-16 lengths, slices, charAt/charCodeAt/codePointAt/at through surrogate pairs, astral and special-casing characters, lone surrogates).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ s: 'héllo wörld', max: 4 }, { s: 'emoji 😀 here', max: 7, find: '😀' }, { s: 'abc' }],
  inputs: [
    { s: 'héllo wörld', max: 4 }, { s: '😀😁😂🤣', max: 3 }, { s: '😀', max: 1 }, { s: 'a😀b', max: 2, find: '\ude00' }, { s: '\ud83d' }, { s: '\ude00x' }, { s: '' }, { s: ' ' },
    { s: '𝒜𝒷𝒸 𝔡', max: 5 }, { s: 'ß ŉ ǰ ΐ', max: 3 }, { s: 'İı', max: 1 }, { s: 'ﬀﬁﬂ', find: 'ﬁ' }, { s: 'ΣΑΣ ΟΔΟΣ', max: 20 }, { s: 'e\u0301\u0301', max: 2 },
    { s: '👨‍👩‍👧‍👦 family', max: 6 }, { s: '🇫🇷🇩🇪', max: 2 }, { s: 'x'.repeat(100), max: 99 }, { s: 'abc', max: 0 }, { s: 'abc', max: -1 }, { s: 'abc', max: 2.5 },
    { s: 'abc', find: '' }, { s: 'a\u2028b\u2029c' }, { s: '\u0000\u001f\u007f' }, { s: 12345 }, { s: null }, {}, { s: ['😀'] }, { s: 'abc', find: 98 },
    { s: 'Ⅻ ⅻ ǅ', max: 2 }, { s: '\ufeffbom', max: 2 }, { s: 'tab\there "q" \'s\' \\', max: 9 },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,0,0,0,0,1,1,0,1,1,0,0,1,0,0,1,1,1,1,1,0,1,0,0,0,0,1,0,0,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('unicode-text', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
