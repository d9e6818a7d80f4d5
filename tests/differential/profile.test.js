// Differential: profile (fetch, status/ok/headers.get, json/text, 404 and 5xx, a type validator).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('profile', {
  train: [{ id: 1 }, { id: 2 }, { id: 3 }],
  inputs: [
    N({ id: 1 }), N({ id: 42 }), N({ id: 2 }), N({ id: 3 }),
    A({ id: 9 }), // 404: untraced, after a native fetch
    N({ id: 1 }),
    A({ id: 'boom' }), // 500 with a text body: untraced, after a native fetch
    A({ id: 'busy' }), // 503
    N({ id: 42 }),
    A({ id: '1' }), // a string id: a speculation guard
    A({ id: true }), A({ id: null }), A({ id: [1] }), A({ id: { x: 1 } }), A({}),
    N({ id: 2 }),
    A({ id: 404 }), A({ id: 1.5 }), A({ id: -1 }), A({ id: '' }),
    N({ id: 3 }), N({ id: 1 }),
    A({ id: 'boom', extra: 'x' }), A({ id: 9 }), A({ id: 'zz' }),
    N({ id: 42, extra: [1, 2] }),
    A({ id: 1e21 }), A({ id: 'ünï' }),
    N({ id: 2 }), A({ id: 'busy' }), N({ id: 1 }),
  ],
});
