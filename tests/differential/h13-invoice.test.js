// Differential: h13-invoice, money formatting of line totals (discounts, tax rates, -0, huge and tiny amounts, strings for numbers), arrays of lines in the result, ISO dates (helper E's H13 hunt).
'use strict';
const { diffTest } = require('./harness');

const I = (sku, qty, price, extra = {}) => ({ sku, qty, price, name: `${sku}-name`, ...extra });
const spec = {
  train: [
    { customer: 'Ada', issued: '2024-01-15T10:00:00Z', items: [I('a1', 2, 9.99), I('b2', 1, 100, { discount: 0.1, tax: 'reduced' })] },
    { customer: 'Bob', issued: 1700000000000, days: 14, items: [I('z', 3, 0.1, { tax: 'zero' })] },
    { customer: 'Cy', items: [] },
  ],
  inputs: [
    { customer: 'Ada', issued: '2024-02-28T23:00:00Z', days: 2, items: [I('a', 1, 1234567.891)] },
    { customer: 'Neg', issued: 0, items: [I('r', -1, 50), I('s', 1, -0.004)] },
    { customer: 'Zero', items: [I('z', 0, 10), I('m', -0, 3)] },
    { customer: 'Big', items: [I('b', 1e9, 1e9)] },
    { customer: 'Huge', items: [I('h', 1, 1e21)] },
    { customer: 'Tiny', items: [I('t', 3, 0.0049), I('t2', 1, 0.005), I('t3', 1, 1.005)] },
    { customer: 'Strs', items: [{ sku: 'q', qty: '3', price: '2.50' }, { sku: 'w', price: '1e2' }] },
    { customer: 'Bad', items: [{ sku: 'x', qty: 'lots', price: 'free' }] },
    { customer: 'Disc', items: [I('d', 2, 50, { discount: 1.5 }), I('e', 2, 50, { discount: -1 }), I('f', 3, 33.333, { discount: 1 / 3 })] },
    { customer: 'Tax', items: [I('u', 1, 19.99, { tax: 'unknown' }), I('v', 7, 0.07, { tax: 'reduced' })] },
    { customer: 'Ünïcödé ✓', items: [I('ß', 1, 1, { name: 'Straße' }), I('ǆ', 2, 2)] },
    { customer: 'NoSku', items: [{ qty: 1, price: 5 }, { price: 5, qty: null }] },
    { customer: 'Days', issued: '2024-12-31T12:00:00Z', days: 1.5, items: [I('a', 1, 1)] },
    { customer: 'Nodays', issued: '1999-12-31T23:59:59.999Z', days: 0, items: [I('a', 1, 1)] },
    { customer: 'NoItems' },
    { customer: 'Many', items: Array.from({ length: 60 }, (_, i) => I(`s${i}`, i % 4, (i * 7.13) % 50, { discount: (i % 5) / 10, tax: ['std', 'reduced', 'zero'][i % 3] })) },
    { customer: 'Invalid', issued: 'not a date', items: [I('a', 1, 1)] },
    { customer: 'Far', issued: 8.64e15, days: 1, items: [I('a', 1, 1)] },
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h13-invoice', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
