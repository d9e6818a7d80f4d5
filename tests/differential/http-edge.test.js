// Differential: http-edge (redirects by method, gzip, a BOM, invalid UTF-8, repeated headers, reason phrases, 204).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const r = (path, method, body) => ({ path, method, body });
const train = [r('/prices'), r('/echo', 'POST', { a: 0 }), r('/text?q=a', 'PUT', 'x')];

diffTest('http-edge', {
  train,
  inputs: [
    N(r('/prices')), N(r('/multi')), N(r('/gzip?q=1')), N(r('/bom')), N(r('/badutf8')), N(r('/empty')),
    N(r('/redirect?code=302&to=/echo')), N(r('/redirect?code=301&to=/text')), N(r('/redirect?code=307&to=/echo')),
    N(r('/redirect?code=302&to=/redirect%3Fcode%3D303%26to%3D/echo')),
    N(r('/echo', 'POST', { a: 1 })), N(r('/redirect?code=307&to=/echo', 'POST', { a: 4 })), N(r('/redirect?code=308&to=/echo', 'PUT', { a: 5 })),
    N(r('/echo', 'PUT', 'str')), N(r('/echo', 'DELETE')), N(r('/echo', 'PATCH', [1, 2])), N(r('/echo', 'post', { lower: true })),
    N(r('/status?code=404')), N(r('/status?code=500')), N(r('/status?code=299')), N(r('/status?code=599')),
    N(r('/users/42')), N(r('/nowhere')), N(r('/echo', 'OPTIONS')), N(r('/multi', 'POST', 'm')), N(r('/gzip?q=2', 'PUT', { z: 1 })),
    A(r('/redirect?code=302&to=http://127.0.0.1:1/nothing')), // a refused connection after a redirect: abort `throw`, replayed
    A(r('/drop')), A(r('/echo', 'GET', { x: 1 })), // a body on GET: unsupported natively, and a TypeError in Node
    N(r('/bom', 'DELETE')), N(r('/badutf8', 'POST', 'b')),
  ],
  recompile: false,
});

// Regressions of F6, F7 and F10 (found by this suite): curl followed redirects by
// its own rules (a redirected POST kept content-type, a 303 kept PUT, a 301 of PATCH lost its
// body) and wrote a HEAD without undici's `connection: close`. Now the handler follows each
// redirect by undici's rules, natively (compiler/runtime/src/fetch/redirect.rs); a HEAD is left
// to Node.js before anything is sent. The backend must see exactly Node's requests.
diffTest(
  'http-edge',
  {
    train,
    inputs: [
      N(r('/echo', 'POST', { a: 0 })),
      N(r('/redirect?code=303&to=/echo', 'POST', { a: 1 })),
      N(r('/redirect?code=302&to=/echo', 'POST', { a: 2 })),
      N(r('/redirect?code=301&to=/echo', 'POST', { a: 3 })),
      A(r('/echo', 'HEAD')),
      N(r('/redirect?code=303&to=/echo', 'PUT', { a: 6 })),
      N(r('/redirect?code=303&to=/echo', 'DELETE')),
      N(r('/redirect?code=302&to=/echo', 'PUT', { a: 7 })),
      N(r('/redirect?code=301&to=/echo', 'PATCH', { a: 8 })),
    ],
    recompile: false,
  },
  'differential: http-edge, redirects by method and HEAD, as Node.js makes them'
);
