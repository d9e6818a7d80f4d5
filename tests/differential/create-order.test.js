// Differential: create-order (a validator returning {error}, POST with a JSON body and headers, 201).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('create-order', {
  train: [{ sku: 'Apple', qty: 2 }, { sku: ' pear ', qty: 1, note: 'gift' }, { sku: 'fig', qty: 3, rush: true }],
  inputs: [
    N({ sku: 'KIWI', qty: 5 }), N({ sku: 'apple', qty: 1, note: 'x' }), N({ sku: 'fig', qty: 2, rush: true }),
    A({ sku: '', qty: 1 }), A({ qty: 1 }), A({ sku: 'apple' }), N({ sku: 'pear', qty: 2 }), A({ sku: 'apple', qty: 0 }), A({ sku: 'apple', qty: 1.5 }),
    N({ sku: 'apple', qty: 6 }), A({ sku: 'apple', qty: '2' }), A({ sku: 7, qty: 2 }), A({ sku: 'apple', qty: 2, note: 5 }), A({}),
    A({ sku: 'Ünïcode ✓', qty: 1 }) /* case mapping outside Latin: unsupported natively */, N({ sku: 'a"quote', qty: 9, note: 'line\nbreak' }),
    A({ sku: 'apple', qty: 1, rush: 'yes' }), A({ sku: null, qty: null }), A({ sku: ['a'], qty: [1] }),
    N({ sku: 'pear', qty: 100 }), N({ sku: 'Café Crème', qty: 2, note: 'naïve' }), N({ sku: 'ΑΒΓ ЖЗИ', qty: 1, note: '😀 emoji note' }), N({ sku: '  spaced  ', qty: 4, note: '' }),
    A({ sku: '   ', qty: 3 }), A({ sku: 'apple', qty: -3 }), A({ sku: 'apple', qty: 1e300 }),
    N({ sku: 'fig', qty: 2 }), A({ sku: 'fig', qty: 2, note: { a: 1 } }), N({ sku: 'kiwi', qty: 7, rush: false }),
    A({ sku: 'x', qty: 1, extra: { deep: [1, { two: 2 }] } }), N({ sku: 'apple', qty: 2 }),
    A({ sku: 'apple', qty: true }), N({ sku: 'pear', qty: 3, note: 'tab\there' }), N({ sku: 'fig', qty: 1 }),
  ],
});
