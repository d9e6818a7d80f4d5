// Differential (regression of G9: causes of replayed network failures, proxy/replay.js networkError): net-errors (fetch failures caught by the action, which reports the cause undici gives: closed connections, refused ports, a bare 100 answer, too many redirects, TLS to a closed port, bad URLs).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ url: '/users/1' }, { url: '/drop' }, { url: 'http://127.0.0.1:1/x' }],
  inputs: [{ url: '/users/1' }, { url: '/drop' }, { url: 'http://127.0.0.1:1/x' }, { url: '/hops?n=21' }, { url: 'http://127.0.0.1:9/' }, { url: '/status?code=100' },
    { url: 'https://127.0.0.1:1/' }, { url: 'http://localhost:1/' }, { url: '/status?code=500' }, { url: '/drop' }, { url: '/users/2' }, { url: 'ftp://127.0.0.1/' }, { url: 'not a url' }],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,0,0,0,0,0,0,1,0,1,0,0];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('net-errors', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
