// Differential: headers (request headers as the action writes them: case variants, duplicates, overrides of fetch's defaults, whitespace).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const h = (headers, body = 'b') => ({ headers, body });
diffTest('headers', {
  train: [h({ 'x-a': '1' }), h({ 'content-type': 'application/json' }, '{}'), h({ Authorization: 'Bearer t' })],
  inputs: [
    N(h({ 'x-a': '2' })), N(h({})), N(h({ 'X-Mixed-Case': 'v' })),
    A(h({ 'X-A': '1', 'x-a': '2' })), // one name in two spellings: left to Node.js (unsupported natively)
    N(h({ accept: 'application/json' })), N(h({ 'user-agent': 'my-agent/1.0' })), A(h({ 'accept-encoding': 'identity' })),
    N(h({ 'accept-language': 'de' })), N(h({ 'Content-Type': 'text/csv' }, 'a,b')),
    N(h({ 'x-space': '  padded  ' })), N(h({ 'x-empty': '' })), N(h({ 'x-tab': 'a\tb' })),
    A(h({ Host: 'other.example' })), A(h({ Connection: 'close' })) /* undici's own headers: left to Node.js */,
    N(h({ 'x-many': 'a', 'x-more': 'b', 'x-most': 'c', 'x-order': 'd' })),
    N(h({ 'x-a': '1' }, '')), N(h({ 'x-a': '1' }, 'ünïcode body ✓')),
    N(h({ Cookie: 'a=1; b=2' })), N(h({ 'x-comma': 'a, b' })), N(h({ Referer: 'http://x/' })),
    A(h({ 'x-latin': 'café' })), A(h({ 'x-a': 5 })), A(h(null)), A(h({ 'bad name': 'v' })), A(h({ 'x-nl': 'a\nb' })),
    N(h({ Authorization: 'Basic dTpw' })), N(h({ 'x-a': '3' })),
    N(h({ 'x-long': 'v'.repeat(4000) })), N(h({ accept: '*/*', 'x-b': 'x' })), N(h({ 'x-num-like': '42' }, '{"json":true}')),
  ],
  recompile: false,
});

// Regressions of F11 and F12 (found by this suite): undici refuses `expect` and
// `transfer-encoding` (the fetch rejects, nothing is sent) and rewrites `sec-fetch-mode` and
// `content-length`, which the native fetch sent as written; curl kept `proxy-authorization` on a
// redirect to another origin. Now such headers are left to Node.js before anything is sent, and
// redirects are followed by the Node engine from the replayed 3xx.
const cross = (headers) => ({ headers, body: 'b', path: '/redirect?code=307&to=other-origin' });
diffTest(
  'headers',
  {
    train: [h({ 'x-a': '1' }), h({ 'content-type': 'application/json' }, '{}'), { headers: { authorization: 'Bearer t' }, body: 'b', path: '/redirect?code=307&to=/echo' }],
    inputs: [N(h({ 'x-a': '2' })), A(h({ Expect: '100-continue' })), A(h({ 'transfer-encoding': 'chunked' })), A(h({ 'sec-fetch-mode': 'no-cors' })), A(h({ 'content-length': '1' })),
      A(cross({ authorization: 'Bearer s', cookie: 'c=1', 'x-custom': 'y' })), A(cross({ 'proxy-authorization': 'Basic cDpw', 'x-custom': 'y' }))],
    recompile: false,
  },
  'differential: headers undici refuses or rewrites, and credentials across a redirect, as Node.js sends them'
);
