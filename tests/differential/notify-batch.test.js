// Differential: notify-batch (async arrow closures awaited inside a call's argument, failed fetches described from the Response's url and statusText, a POST followed through redirects, new Date(ts)).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });

diffTest('notify-batch', {
  train: [
    { req: 1, ids: [1, 2], to: '/echo', ts: 0 },
    { req: 2, ids: [3, 99], to: '/redirect?code=307&to=/echo', ts: 1e12 },
    { req: 3, ids: [42], to: '/redirect?code=302&to=/echo', ts: '2024-01-01' },
  ],
  inputs: [
    N({ req: 1, ids: [1, 2], to: '/echo', ts: 0 }),
    N({ req: 2, ids: [3, 99], to: '/redirect?code=307&to=/echo', ts: 1e12 }), // a 404 described from r.url and r.statusText
    N({ req: 3, ids: [42], to: '/redirect?code=302&to=/echo', ts: '2024-01-01' }), // POST becomes GET
    N({ req: 4, ids: [], to: '/redirect?code=308&to=/echo', ts: 5 }),
    N({ req: 5, ids: [2, 2, 2], to: '/redirect?code=303&to=/echo', ts: 5 }),
    A({ req: 'ü', ids: [1], to: '/redirect?code=307&to=other-origin', ts: 5 }), // a non-ASCII header value
    A({ req: 7, ids: ['busy'], to: '/echo', ts: 5 }), // 503, and a string id (a type guard)
    N({ req: 8, ids: [1], to: '/hops?n=2', ts: 5 }),
    A({ req: 9, ids: [1], to: '/echo', ts: 'bad' }), // RangeError after two fetches
    N({ req: 10, ids: [1], to: '/status?code=500', ts: 5 }),
    A({ req: 11, ids: ['boom'], to: '/echo', ts: -1 }), // a text 500
    A({ req: 12, ids: [1], to: '/drop', ts: 0 }), // fetch failed after one answer
    N({ req: 13, ids: [42, 3], to: '/echo', ts: 8.64e15 }),
    A({ req: 14, ids: [1], to: '/echo', ts: 8.64e15 + 1 }), // Invalid Date
    A({ req: 15, ids: 'x', to: '/echo', ts: 0 }),
    N({ req: 16, ids: [99], to: '/redirect?code=301&to=/echo', ts: 0 }),
  ],
  recompile: false,
});
