// Differential: post-body (fetch bodies: empty, unicode, NUL, cut through a surrogate pair, 300 kB, JSON of special values; methods in every case; content types given or defaulted).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ method: 'POST', json: { a: 1 }, type: 'application/json' }, { method: 'PUT', text: 'hello' }, { method: 'POST', text: 'x', type: 'text/csv' }],
  inputs: [
    { method: 'POST', json: { a: 1 }, type: 'application/json' }, { method: 'POST', text: '' }, { method: 'PUT', text: '' , type: 'text/plain' }, { method: 'POST', json: '' },
    { method: 'POST', text: 'é😀\u0000\u2028' }, { method: 'POST', text: '😀x', cut: 1 }, { method: 'POST', text: 'a😀', cut: 2 }, { method: 'POST', json: { s: '😀'.slice(0, 1) } },
    { method: 'POST', text: 'x'.repeat(300000) }, { method: 'post', text: 'lower' }, { method: 'put', text: 'lower' }, { method: 'PATCH', text: 'upper' },
    { method: 'DELETE', text: 'del' }, { method: 'delete', text: 'del' }, { method: 'OPTIONS', text: 'o' }, { method: 'Post', text: 'mixed' }, { method: 'GET' }, { method: 'get' },
    { method: 'POST', json: { n: 1e21, m: -0, u: [undefined], d: 0.1 } }, { method: 'POST', json: null }, { method: 'POST', json: [1, 'two'] }, { method: 'POST', json: 5 },
    { method: 'POST', text: 'x', type: 'application/json; charset=utf-16' }, { method: 'POST', text: 'x', type: '' }, { method: 'POST', text: 'x', type: 'TEXT/PLAIN' },
    { method: 'PROPFIND', text: 'x' }, { method: 'POST', text: 'line1\r\nline2\n' }, { method: 'PUT' }, { method: 'POST' },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,0,0,0,1,1,1,1,1,1,1,1,0,0,1,1,1,1,1,1,1,0,1,0,0];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('post-body', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
