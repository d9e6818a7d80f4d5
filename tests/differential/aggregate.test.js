// Differential: aggregate (two fetches joined, a failing backend, console.warn, toFixed and rounding).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('aggregate', {
  train: [{ user: 2 }, { user: 3, coupon: 'HALF' }, { user: 4 }],
  inputs: [
    N({ user: 2 }), N({ user: 3 }), N({ user: 4, coupon: 'HALF' }), A({ user: 1 }), A({ user: 11 }), // one item: the singular label, untraced
    A({ user: 6 }), // an unknown sku: console.warn, untraced
    N({ user: 12 }),
    A({ user: 'fail' }), // the orders backend answers 502
    A({ user: 'bad' }), // the orders body is not JSON: json() rejects
    N({ user: 8 }), N({ user: 9, coupon: 'HALF' }),
    A({ user: 0 }), // no items
    A({ user: 5, coupon: 'TENOFF' }), // another discount branch
    A({ user: 13 }), A({ user: 20 }), A({ user: 27 }),
    N({ user: 2 }), N({ user: 3 }),
    A({ user: '4' }), A({ user: true }), A({ user: null }), A({ user: 4, coupon: 7 }),
    A({ user: 34 }), A({ user: 41 }), N({ user: 14 }), N({ user: 17 }),
    A({ user: 'fail', coupon: 'HALF' }), A({ user: 'bad' }), N({ user: 4 }), N({ user: 2, coupon: 'HALF' }),
  ],
  // (No rerun after the recompilation: it keeps the suite's time down; other actions do it.)
  recompile: false,
});
