// Differential: transform (grouping, for…of/for…in, Object.entries, computed keys, spreads, JSON.stringify).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const recs = (n, teams = ['red', 'blue']) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ name: `p${i}`, team: teams[i % teams.length], points: (i * 7) % 11 });
  return out;
};
diffTest('transform', {
  train: [{ records: recs(4) }, { records: recs(7, ['a', 'b', 'c']), meta: { v: 1 } }, { records: recs(2), by: 'team' }],
  inputs: [
    N({ records: recs(5) }), N({ records: recs(10, ['x', 'y', 'z']) }), N({ records: recs(1) }),
    A({ records: [] }), A({ records: recs(3), meta: { source: 'csv', rows: [1, 2] } }),
    A({ records: 'nope' }), A({}), A({ records: { length: 2 } }), A({ records: null }),
    A({ records: [null, 1, 'x', { name: 'solo', team: 'red', points: 3 }] }),
    A({ records: [{ name: 'a', points: 'ten' }, { team: 'blue' }] }),
    N({ records: recs(6), by: 'team' }), A({ records: recs(6), by: 'name' }), A({ records: recs(6), by: 'points' }),
    A({ records: [{ name: 'ü', team: 'ünï', points: 1.25 }, { name: '✓', team: 'ünï', points: 2.5 }] }),
    N({ records: recs(12, ['red']) }), A({ records: recs(3), meta: 'string meta' }), A({ records: recs(3), meta: [1, 2] }),
    A({ records: [{ name: '', team: 'x', points: -5 }] }), A({ records: [{ name: 'n', team: 'x y', points: 1 }] }),
    A({ records: [{ name: 'n', team: true, points: 1 }] }), N({ records: recs(8) }),
    A({ records: recs(3), by: 5 }), A({ records: [{ team: 0, points: 1e21 }] }), N({ records: recs(9, ['q', 'r']) }),
    A({ records: [[1, 2], { name: 'arr', team: 'red', points: 2 }] }), N({ records: recs(2) }),
    A({ records: [{ name: 'nan', team: 'red', points: NaN }] }), N({ records: recs(15, ['a', 'b', 'c', 'd']) }), N({ records: recs(4) }),
  ],
  // (No rerun after the recompilation: it keeps the suite's time down; other actions do it.)
  recompile: false,
});
