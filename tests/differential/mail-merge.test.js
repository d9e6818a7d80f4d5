// Differential: mail-merge (string replace/replaceAll with caller-chosen replacement texts holding $ patterns, slices through surrogate pairs, includes/indexOf/charAt/charCodeAt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [
    { template: 'Hello {name},\nyour order {id} ships {when}.', values: { name: 'Ada', id: '#12', when: 'today' } },
    { template: '{a}{a}{b}', values: { a: 'x', b: 'y' }, all: true, preview: 2 },
    { template: 'Dear {name}', values: { name: 'Bob', extra: 'z' }, preview: 4 },
  ],
  inputs: [
    { template: 'Hello {name},\nyour order {id} ships {when}.', values: { name: 'Ada', id: '#12', when: 'today' } },
    { template: 'Hi {name}!', values: { name: '$&$&' } }, { template: 'Hi {name}!', values: { name: '$$' } }, { template: 'Hi {name}!', values: { name: "$'" } },
    { template: 'Hi {name}!', values: { name: '$`' } }, { template: 'Hi {name}!', values: { name: '$1$0$<x>' } }, { template: '{a}-{a}', values: { a: '[$&]' }, all: true },
    { template: '{a}-{a}', values: { a: "$'|$`" }, all: true }, { template: 'x{a}y', values: { a: '$' } }, { template: 'x{a}y', values: { a: '$$$' }, all: true },
    { template: '😀😀😀😀😀😀', values: {}, preview: 3 }, { template: 'ab😀cd', values: {}, preview: 3 }, { template: '😀{n}', values: { n: '😁' }, preview: 1 },
    { template: 'é{n}', values: { n: '\ud83d' } }, { template: '{n}', values: { n: '' }, preview: 0 }, { template: '{n}', values: { n: 'x' }, preview: -1 },
    { template: '', values: { a: 'b' } }, { template: '{}', values: { '': 'empty' } }, { template: '{a}', values: { a: 5 } }, { template: '{a}', values: { a: null } },
    { template: '{a}', values: { a: ['x', 'y'] } }, { template: '{a}', values: { a: { k: 1 } } }, { template: '{1}{0}', values: { 1: 'one', 0: 'zero' } },
    { template: 'no marks', values: [] }, { template: 5, values: {} }, { template: '{a}', values: null }, { template: 'line\r\nbreak {a}', values: { a: '\u2028' }, preview: 30 },
    { template: '{a}'.repeat(50), values: { a: 'ab' }, all: true, preview: 15 }, { template: '{a}', values: { a: '$&' }, all: true },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,0,0,0,0,0,0,0,0,1,1,1,0,1,1,1,1,1,1,0,0,1,1,0,0,1,1,0];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('mail-merge', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
