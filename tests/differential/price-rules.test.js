// Differential: price-rules (closures from factories applied through reduce/map/find callbacks, a memo object, Math.min over a spread, toFixed).
'use strict';
const { diffTest } = require('./harness');

const r = (type, value) => ({ type, value });
const l = (sku, price, qty) => ({ sku, price, qty });
const spec = {
  train: [
    { rules: [r('pct', 10), r('flat', 1)], cart: [l('a', 10, 2), l('b', 5, 1)] },
    { rules: [r('flat', 3)], cart: [l('c', 2, 4), l('a', 10, 1), l('c', 2, 1)] },
    { rules: [r('pct', 50), r('none', 0)], cart: [l('d', 99.99, 3)] },
  ],
  inputs: [
    { rules: [r('pct', 10), r('flat', 1)], cart: [l('a', 10, 2), l('b', 5, 1)] }, { rules: [], cart: [] }, { rules: [], cart: [l('x', 1, 1)] }, { rules: [r('pct', 100)], cart: [l('x', 1, 1), l('y', 2, 1)] },
    { rules: [r('pct', 150)], cart: [l('x', 10, 1)] }, { rules: [r('flat', -5)], cart: [l('x', 10, 1)] }, { rules: [r('pct', 33.333)], cart: [l('x', 0.1, 3), l('y', 1.005, 7)] },
    { rules: [r('pct', 10)], cart: [l('x', 10, 1), l('x', 20, 1)] }, { rules: [r('pct', '10')], cart: [l('x', 10, 1)] }, { rules: [r('flat', 1)], cart: [l('x', '10', 1)] },
    { rules: [r('flat', 1)], cart: [l('x', 10, '2')] }, { rules: [r('flat', 1)], cart: [l(5, 10, 1)] }, { rules: [r('flat', 1)], cart: [l('constructor', 10, 1), l('__proto__', 5, 1)] },
    { rules: [r('flat', 1)], cart: [l('a', 1e21, 1), l('b', -0, 1)] }, { rules: [r('pct', 10)], cart: [l('a', 5, 1), l('b', 5, 1), l('c', 5, 1)] }, { rules: [r('flat', 0)], cart: [l('a', 2, 0), l('b', 1, -1)] },
    { rules: [null], cart: [l('a', 1, 1)] }, { rules: 'pct', cart: [l('a', 1, 1)] }, { rules: [r('pct', 10)], cart: [null] }, {}, { rules: [r('flat', 1)], cart: [l('😀', 3, 1), l('é', 3, 1)] },
    { rules: [r('pct', 10), r('pct', 10), r('pct', 10), r('flat', 0.01)], cart: [l('a', 123.456, 3)] }, { rules: [r('flat', 1)], cart: [l('b', 2, 1), l('a', 1, 2)] },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,1,1,1,1,1,1,1,1,1,1,0,1,1,1,0,0,0,0,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('price-rules', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
