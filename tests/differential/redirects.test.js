// Differential: redirects followed natively as undici follows them (method and body changes, credentials dropped across origins, 20 at most, relative locations, redirect modes), and the cases left to Node.js replayed from the record.
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const r = (path, method, body, mode) => ({ path, method, body, mode });

diffTest('redirects', {
  // (Three: the harness compiles after three traced activations.)
  train: [r('/redirect?code=307&to=other-origin'), r('/redirect?code=302&to=/echo', 'POST', { a: 0 }), r('/echo', 'PUT', { t: 1 }, 'follow')],
  inputs: [
    N(r('/redirect?code=302&to=/echo', 'POST', { a: 1 })), // a GET without body or body headers
    N(r('/redirect?code=307&to=other-origin', 'POST', { a: 2 })), // no authorization or cookie over there
    N(r('/redirect?code=303&to=other-origin', 'PUT', { a: 3 })),
    N(r('/redirect?code=308&to=/echo', 'PATCH', { a: 4 })),
    N(r('/redirect?code=301&to=/echo', 'DELETE')),
    N(r('/redirect?code=302&to=echo%3Fq%3D1')), // relative to the directory
    N(r('/redirect?code=301&to=%3Fq%3D2')), // a query only: /redirect?q=2, itself a redirect
    N(r('/hops?n=20')), // the most undici follows
    A(r('/hops?n=21')), // one more: fetch failed, the 21 requests replayed from the record
    N(r('/status?code=302')), // no location: the 302 is the answer
    N(r('/redirect?code=302&to=/echo', 'GET', undefined, 'manual')),
    N(r('/redirect?code=307&to=/echo', 'POST', { a: 5 }, 'follow')),
    A(r('/redirect?code=302&to=/echo', 'GET', undefined, 'error')), // fetch failed (unexpected redirect)
    A(r('/redirect?code=302&to=../echo')), // dot segments: left to Node.js after the first request
    A(r('/redirect?code=302&to=/echo%23frag')),
    A(r('/redirect?code=302&to=/caf%C3%A9')),
    A(r('/echo', 'GET', undefined, 'sometimes')), // undici's TypeError
    N(r('/echo', 'POST', { a: 6 })),
    // A fallback after a followed chain: the replay gives undici the recorded 3xx answers, so the
    // Response (url, redirected) and the backend's requests are Node's own.
    A({ ...r('/redirect?code=302&to=/redirect%3Fcode%3D307%26to%3Dother-origin', 'POST', { a: 7 }), after: 'chain' }),
    A({ ...r('/hops?n=3'), after: 'hops' }),
  ],
  recompile: false,
});
