// Differential: url-fetch (fetch of caller-built URLs: dot segments, fragments, empty and odd queries, percent escapes, characters the URL parser escapes, back slashes, white space, upper-case scheme; request line and res.url compared).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ path: '/users/1' }, { path: '/text?q=a' }, { path: '/redirect?to=/users/2' }],
  inputs: [{ path: '/users/1' }, { path: '/users/./1' }, { path: '/x/../users/1' }, { path: '//users/1' }, { path: '/users/1#frag' }, { path: '/text?q=a#f' },
    { path: '/users/%31' }, { path: '/users/%7e' }, { path: '/text?q=%7E' }, { path: '/text?q=ü' }, { path: '/text?q=a b' }, { path: '/text?q=a"b' }, { path: '/text?q=a\'b' }, { path: '/text?q=<x>' },
    { path: '/text?q=a|b' }, { path: '/text?q=a^b`' }, { path: '/text?q={}' }, { path: '/users/1\\' }, { path: '/users\\1' }, { path: '/text?q=%' }, { path: '/text?q=%zz' },
    { abs: 'HTTP://BASE/users/1'.replace('HTTP://BASE', 'BASE').replace('http', 'HTTP') }, { path: '/users/1 ' }, { path: '/users/1\t' }, { path: '/text?q=\u0000' },
    { abs: ' BASE/users/1' }, { path: '/text?q=a&q=b&' }, { path: '/text?q=+' }, { path: '/text;x=1?q=1' }, { path: '/text?q=%F0%9F%98%80' }, { path: '/t%65xt' }, { path: '/users/1%2f' },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,0,1,0,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('url-fetch', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
