// Differential: clock (Date.now and Math.random used deterministically, around a fetch; error statuses).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('clock', {
  train: [{ code: 200 }, { code: 201 }, { code: 404 }],
  inputs: [
    N({ code: 200 }), N({ code: 204 }), N({ code: 404 }), N({ code: 418 }),
    A({ code: 500 }), // the error branch: untraced, after Date.now, a fetch and Math.random
    A({ code: 503 }), N({ code: 200 }), A({ code: 200, label: 'ok' }), A({ code: 404, label: 'Ünï' }),
    A({ code: '200' }), A({ code: true }), A({}), A({ code: null }), A({ code: 299.5 }),
    N({ code: 302 }), N({ code: 401 }), A({ code: 599 }), A({ code: 200, label: 5 }),
    N({ code: 202 }), A({ code: 502, label: 'x' }), N({ code: 410 }), A({ code: [200] }),
    N({ code: 200 }), A({ code: 500 }), N({ code: 451 }), A({ code: 200, label: '' }),
    N({ code: 203 }), A({ code: 700 }), N({ code: 400 }), N({ code: 200 }),
  ],
  // (No rerun after the recompilation: it keeps the suite's time down; other actions do it.)
  recompile: false,
});
