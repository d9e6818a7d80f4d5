// Differential: relay-text (text(), split, filter with a callback, headers.get, statusText, console objects).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('relay-text', {
  train: [{ q: 'one' }, { q: 'two' }, { q: 'three' }],
  inputs: [
    N({ q: 'four' }), N({ q: 'x' }), A({ q: 'long query with spaces' }) /* not a normalized url */,
    A({ q: 'v', verbose: true }), A({ q: 'u', upper: true }), A({}), A({ q: 5 }), A({ q: null }), A({ q: true }),
    A({ q: 'ünïcode ✓' }), A({ q: 'a&b=c' }), A({ q: '%41' }), A({ q: ['a'] }), A({ q: { o: 1 } }),
    N({ q: 'five' }), A({ q: 'v', verbose: 1, upper: 'yes' }), N({ q: '' }), A({ q: 'tab\there' }),
    A({ q: 'new\nline' }), N({ q: 'six' }), A({ q: 'q', verbose: true, upper: true }), N({ q: 'seven' }),
    A({ q: 1.5 }), N({ q: 'eight' }), A({ q: '#frag' }), N({ q: 'nine' }), A({ q: '?' }), N({ q: 'ten' }),
    A({ q: 'x', upper: false, verbose: false }), N({ q: 'eleven' }),
  ],
  // (No rerun after the recompilation: it keeps the suite's time down; other actions do it.)
  recompile: false,
});
