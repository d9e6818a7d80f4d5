// Differential: rules-check (find/findIndex/some/every over a rule table of closures, array destructuring, destructured parameters with defaults).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const ada = { name: 'Ada', email: 'ada@x.org', age: 36 };

diffTest('rules-check', {
  train: [
    { user: ada, tags: ['vip', 'early'], scores: [90, 75] },
    { user: { name: 'A', email: 'a@b.c', age: 20 }, tags: [], scores: [10] },
    { user: { name: 'Alan', email: 'nope', age: 41 }, tags: ['x'], scores: [101, 3], limit: 100 },
  ],
  inputs: [
    N({ user: ada, tags: ['vip', 'early'], scores: [90, 75] }), N({ user: ada, tags: ['plain'], scores: [150, 10], limit: 200 }),
    A({ user: { name: 'Bo', email: 'bo@x.y', age: 200 }, tags: [], scores: [] }), // a rule fails at index 2: untraced
    A({ user: ada, tags: ['VIP'], scores: [1, -1] }),
    A({}), // every default: user {} and no scores
    N({ user: ada, tags: ['a', 'bb', 'ccc', 'dddd'], scores: [0, 100] }),
    A({ user: ada }), A({ user: null, tags: ['vip'] }), A({ user: 'ada' }),
    N({ user: { name: 'Kim', email: 'k@x.y', age: 0 }, tags: ['vip'], scores: [100, 100] }),
    A({ user: ada, tags: 'vip' }), A({ user: ada, tags: [null, '', 5] }), A({ user: ada, tags: [''] }),
    N({ user: { name: 'Al', email: 'al@b.c', age: 149 }, tags: ['vip', 'x'], scores: [7, 8] }),
    A({ user: ada, scores: ['90', 80] }), A({ user: ada, scores: [null, 1] }),
    A({ user: ada, scores: [1e308, 2], limit: 1e308 }),
    N({ user: ada, tags: ['vip'], scores: [90, 75] }),
    A({ user: ada, scores: [90], limit: null }), A({ user: ada, scores: [90], limit: '95' }),
    A({ user: ada, scores: { 0: 1, length: 1 } }), A({ user: ada, scores: 'ab' }),
    N({ user: ada, tags: ['early'], scores: [60, 50], limit: 60 }),
    A({ user: { ...ada, name: '  ' } }), A({ user: { ...ada, email: '@x' } }), A({ user: { ...ada, age: '36' } }),
    N({ user: { ...ada, name: 'Zoë Ünal ✓' }, tags: ['ünïcode'], scores: [1, 2] }),
    A({ user: { ...ada, age: -0.5 } }), A({ user: { ...ada, age: 149.999 } }),
    A({ user: ada, tags: [], scores: [50], limit: -1 }), A({ user: ada, tags: [[]], scores: [] }),
    N({ user: ada, tags: ['vip', 'early'], scores: [12345678901234567890, 1], limit: 1e20 }),
    A({ user: [], tags: [], scores: [] }),
  ],
  recompile: false,
});
