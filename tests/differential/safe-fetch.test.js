// Differential: safe-fetch (try/catch around fetch and JSON.parse; a dropped connection; a non-JSON body).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('safe-fetch', {
  train: [{ path: '/prices' }, { path: '/users/1' }, { path: '/orders/3' }],
  inputs: [
    N({ path: '/prices' }), N({ path: '/orders/4' }),
    A({ path: '/users/2' }), // content-type with a charset: the other branch
    A({ path: '/text' }), A({ path: '/status?code=404' }),
    A({ path: '/prices', guarded: true }), // try/catch paths
    A({ path: '/orders/bad', guarded: true }), // JSON.parse throws, caught
    A({ path: '/drop', guarded: true }), // fetch rejects, caught
    N({ path: '/orders/1' }),
    A({ path: '/drop' }), // fetch rejects, uncaught: the action fails
    A({ path: '/orders/bad' }), // JSON.parse throws, uncaught
    A({ path: '/text', guarded: true }), A({ path: '/flaky?key=abc', guarded: true }), A({ path: '/flaky?key=ab' }),
    N({ path: '/prices' }), A({ path: '/echo' }), A({ path: '/status?code=500', guarded: true }),
    A({ path: 5 }), A({ path: null }), A({}), A({ path: '/prices', guarded: 1 }),
    N({ path: '/orders/12' }), A({ path: '/users/9', guarded: true }), A({ path: '/drop', guarded: 'yes' }),
    N({ path: '/orders/2' }), A({ path: '/orders/fail' }), A({ path: '/orders/fail', guarded: true }),
    N({ path: '/prices', guarded: false }), A({ path: '/orders/bad' }), N({ path: '/orders/3' }),
    N({ path: '/big?n=20000' }), N({ path: '/big?n=1' }), A({ path: '/big?n=5000', guarded: true }),
  ],
  // (No rerun after the recompilation: it keeps the suite's time down; other actions do it.)
  recompile: false,
});
