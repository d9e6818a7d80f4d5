// Differential: format (padStart, toFixed, template literals, console.log/console.error of objects).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const items = (n, price = 3.5) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ label: `item${i}`, price: price + i, qty: (i % 3) + 1 });
  return out;
};
diffTest('format', {
  train: [{ number: 'A-1', items: items(2) }, { number: 'A-2', items: items(3), currency: 'EUR' }, { number: 'A-3', items: items(1, 0.1) }],
  inputs: [
    N({ number: 'B-1', items: items(4) }), N({ number: 'B-2', items: items(2, 10), currency: 'EUR' }), N({ number: 'B-3', items: items(1, 0.005) }),
    A({ number: 'C-1', items: items(3, 400) }), // over 1000: console.error
    A({ number: 'C-2' }), A({}), A({ number: 7, items: items(1) }), A({ number: 'C-3', items: [] }),
    A({ number: 'C-4', items: [{ label: 'nolabel', price: 1 }] }), A({ number: 'C-5', items: [{ label: 5, price: 2, qty: 2 }] }),
    A({ number: 'C-6', items: [{ label: 'x', price: '3', qty: 1 }] }), A({ number: 'C-7', items: [{ label: 'x', price: 1, qty: '2' }] }),
    N({ number: 'D-1', items: items(5, 1.005) }), A({ number: 'D-2', items: items(2, -3) }), N({ number: 'D-3', items: items(3), currency: 'USD' }),
    A({ number: 'D-4', items: items(2), currency: 'GBP' }), A({ number: 'D-5', items: [{ label: 'ünïcode ✓', price: 1.25, qty: 4 }] }),
    A({ number: 'D-6', items: items(1, 1e21) }), A({ number: 'D-7', items: items(1, 123456.789) }), N({ number: 'D-8', items: items(2, 2.675) }),
    A({ number: null, items: items(1) }), A({ number: 'E-1', items: 'none' }), A({ number: 'E-2', items: [null] }),
    A({ number: 'E-3', items: items(30, 40) }), N({ number: 'E-4', items: items(3, 99.99) }), A({ number: 'E-5', items: [{ label: 'x', price: NaN }] }),
    N({ number: 'E-6', items: items(2) }), A({ number: 'E-7', items: items(2), currency: 'EUR', extra: true }),
    A({ number: 'E-8', items: [{ label: 'x'.repeat(20), price: 1, qty: 1 }] }), N({ number: 'E-9', items: items(1) }),
  ],
});
