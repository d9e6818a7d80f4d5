// Differential: results (non-dictionary results, {error}, sync and async throws of errors and values, JSON edge values).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const k = (kind, what = 'x') => ({ kind, what });
diffTest('results', {
  train: [k('default'), k('error'), k('numbers')],
  inputs: [
    N(k('default', 'y')), N(k('error', 'z')), N(k('numbers')),
    A(k('string')), A(k('number')), N(k('default', 'ünïcode')), A(k('array')), A(k('undefined')), N(k('error', '')),
    A(k('null')), A(k('throw')), N(k('other', 5)), A(k('throw-type')), A(k('throw-string')), N(k('default', null)),
    A(k('throw-object')), A(k('strings', 'ü')), N(k('numbers', 'n')),
    A(k('string', 'again')), A(k('array', { o: 1 })), N(k('default', 'd')), A(k('throw', 'again')), A(k('strings', 'ab')),
    N(k('error', 'e')), A(k('throw-type', { missing: null })), A(k('throw-object', [1])), N(k('other', 'o')),
    A(k('throw-string', 7)), A(k('undefined', 1)), N(k('numbers', 1)), A(k('null', 2)), A(k('number', 3)),
    N(k('default', 'f')), A({ kind: 5 }), A({}), A(k('throw-type', 'str')),
  ],
  // (No rerun after the recompilation: few of these inputs' paths become native; it saves time.)
  recompile: false,
});
