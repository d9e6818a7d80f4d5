// Differential: order-pipeline (filter/map/reduce/some/forEach with arrow closures over config constants and locals; holes, -0 and NaN made in the action).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const it = (sku, price, qty) => ({ sku, price, qty });
const basket = [it('apple', 0.5, 4), it('fig', 2.1, 1), it('pear', 0.75, 0)];

diffTest('order-pipeline', {
  train: [{ items: basket, tier: 'gold' }, { items: [it('kiwi', 0.3, 10), it('fig', 2.1, 3)] }, { items: basket, tier: 'silver', credit: 5 }],
  inputs: [
    N({ items: basket, tier: 'gold' }), N({ items: [it('durian', 120, 2)], tier: 'silver' }), // heavy
    A({ items: [] }), // empty: avg is NaN (logged NaN, returned null)
    N({ items: basket, credit: 3 }), // credit: -0 logged, 0 returned, 1/-0 = -Infinity
    A({ items: basket, credit: -3 }), // +0
    A({ items: 'apples' }), A({}), N({ items: basket, tier: 'silver' }), A({ items: null }),
    A({ items: [null, 1, 'x', it('solo', 1, 1)] }),
    A({ items: [it('a', '1', 2), { sku: 'b', qty: 2 }, it('c', 1, '3')] }),
    N({ items: [it('apple', 0.5, 1)] }),
    A({ items: [it('big', 1e308, 10), it('tiny', 5e-324, 1)] }), // Infinity net: JSON null
    A({ items: [it('huge', 12345678901234567890, 1)], tier: 'gold' }),
    A({ items: [it('ünï✓', 1.005, 1), it('😀', 0.1, 3)] }),
    N({ items: [it('pear', 0.75, 7), it('kiwi', 0.3, 2)], tier: 'gold' }),
    A({ items: basket, tier: 'platinum' }), A({ items: basket, tier: 5 }), A({ items: basket, tier: ['gold'] }),
    N({ items: basket, tier: 'silver', credit: 1 }),
    A({ items: basket, minQty: 0 }), A({ items: basket, minQty: '2' }), A({ items: basket, minQty: null }),
    A({ items: [it(null, 1, 1), it(undefined, 1, 1), it({ a: 1 }, 1, 1)] }),
    N({ items: [it('fig', 2.1, 2)], tier: 'gold' }),
    A({ items: basket, note: '  rush  ' }), // untraced log after the pipeline
    A({ items: basket, note: 7 }), // TypeError after the pipeline
    A({ items: [[1, 2], it('x', 2, 2)] }),
    N({ items: [it('kiwi', 0.3, 3)] }),
    A({ items: [it('neg', -5, 2), it('zero', 0, 1)] }),
    A({ items: [it('a', 1, 1.5), it('b', 1, -1)] }), A({ items: basket, credit: 'x' }),
    N({ items: basket }), A({ items: new Array(3).fill(it('same', 1, 1)), tier: '' }),
  ],
  recompile: true,
});
