// Differential: fetch-aggregate (sequential fetches in for…of with await, redirects followed natively, JSON and text answers summarised with filter/map).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });

diffTest('fetch-aggregate', {
  train: [
    { paths: ['/users/1', '/redirect?code=302&to=/users/2'] },
    { paths: ['/users/3', '/users/99'] },
    { paths: ['/redirect?code=301&to=/users/42', '/users/1', '/users/2'] },
  ],
  inputs: [
    N({ paths: ['/users/1', '/redirect?code=302&to=/users/2'] }), N({ paths: ['/users/42'] }),
    N({ paths: [] }), N({ paths: ['/users/99', '/users/busy'] }), // 404 and 503 JSON
    N({ paths: ['/redirect?code=307&to=/users/3', '/redirect?code=308&to=/users/1'] }),
    N({ paths: ['/hops?n=3'] }), // three hops, then a JSON body without names
    A({}), // the default list
    A({ paths: ['/text?q=ünï'] }), // a text answer
    A({ paths: ['/users/boom'] }), // a 500 with text
    A({ paths: ['/redirect?code=302&to=other-origin'] }), // another origin: /echo
    A({ paths: ['/orders/bad'] }), // invalid JSON: SyntaxError after the fetch
    A({ paths: ['/drop'] }), // fetch failed
    A({ paths: ['/users/1', '/drop'] }), // after one answer
    A({ paths: ['/hops?n=21'] }), // too many redirects
    A({ paths: 'users/1' }), // a string: for…of over its characters
    A({ paths: [1] }), A({ paths: [null] }), A({ paths: ['/empty'] }), A({ paths: ['/gzip?q=z'] }),
    N({ paths: ['/users/2', '/users/3', '/users/42', '/users/1'] }),
    A({ paths: ['/redirect?code=302&to=/text'] }), A({ paths: ['/bom'] }),
    N({ paths: ['/redirect?code=303&to=/users/2'] }),
    A({ paths: ['/redirect?code=302&to=/users/%2542'] }), // an encoded location: /users/%42
  ],
  recompile: false,
});
