// Differential: inspect-log (console.log/console.error of objects holding closures, function expressions, Dates, -0, NaN and Infinity).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });

diffTest('inspect-log', {
  train: [
    { id: 1, ts: '2024-03-01T10:00:00Z', n: 5, d: 2 },
    { id: 2, ts: 0, n: 1, d: 3, unit: 's' },
    { id: 'x', ts: '2000-01-01T00:00:00.000+01:00', n: 7, d: 7 },
  ],
  inputs: [
    N({ id: 1, ts: '2024-03-01T10:00:00Z', n: 5, d: 2 }), N({ id: 3, ts: 1709287200000, n: 2, d: 3, unit: 'h' }),
    A({ id: 4, ts: '2024-03-01T10:00:00Z', n: 0, d: 5 }), // -0 logged, 0 returned
    A({ id: 5, ts: '2024-03-01T10:00:00Z', n: 0, d: 0 }), // NaN
    N({ id: 6, ts: '2024-03-01T10:00:00Z', n: 3, d: 0 }), // Infinity, n * 1e300
    N({ id: 7, ts: -1, n: 1e10, d: -3 }), // before the epoch
    A({ id: 8, ts: 'garbage', n: 1, d: 1 }), // Invalid Date logged, then RangeError
    A({ id: 9, n: 1, d: 1 }), // no ts: new Date(undefined)
    A({ id: 10, ts: null, n: 1, d: 1 }), // new Date(null): the epoch
    A({ id: 11, ts: true, n: 1, d: 1 }),
    A({ id: 12, ts: '2024-03-01T10:00:00Z', n: '4', d: '2' }), A({ id: 13, ts: '2024-03-01T10:00:00Z' }),
    A({ id: 14, ts: '2024-03-01T10:00:00Z', n: 1, d: 1, extra: { when: 'later', list: [1, [2, [3, [4]]]] } }),
    N({ id: 'ünï✓😀', ts: '2024-03-01T10:00:00Z', n: 1, d: 1 }),
    N({ id: { nested: { deep: { deeper: { deepest: 1 } } } }, ts: '2024-03-01T10:00:00Z', n: 1, d: 1 }),
    N({ id: 15, ts: 8.64e15, n: 1, d: 1 }), A({ id: 16, ts: 8.64e15 + 1, n: 1, d: 1 }),
    N({ id: 17, ts: '2024-03-01T10:00:00Z', n: 12345678901234567890, d: 1 }),
    A({ id: 18, ts: [2024], n: 1, d: 1 }), N({ id: 19, ts: '2024', n: 1, d: 1, unit: '' }),
    N({ id: 20, ts: '1999-12-31T23:59:59.999Z', n: 9, d: 4, unit: 'µs' }),
    N({ id: 21, ts: 1.5, n: 1, d: 1 }), N({ id: 22, ts: '2024-03-01T10:00:00Z', n: -0.000001, d: 1e-7 }),
    N({ id: 23, ts: 946684800000, n: 6, d: 3 }),
  ],
  recompile: true,
});
