// Differential: header-read (Headers.get of repeated, cookie, latin-1, missing and differently cased names; status, statusText, ok, redirected, url after redirects; gzip, BOM, invalid UTF-8, 204/304 and 3xx answers).
'use strict';
const { diffTest } = require('./harness');

const H = ['content-type', 'x-multi', 'set-cookie', 'x-latin', 'x-backend', 'content-length', 'missing', 'Content-Type', 'X-MULTI', 'date'];
const h = (path, names = H.filter((x) => x !== 'date')) => ({ path, names });
const spec = {
  train: [h('/users/1'), h('/multi'), h('/status?code=404')],
  inputs: [h('/users/1'), h('/multi'), h('/status?code=201'), h('/status?code=599'), h('/status?code=299'), h('/redirect?to=/multi'), h('/redirect?code=308&to=/users/2'),
    h('/gzip?q=1'), h('/bom'), h('/badutf8'), h('/empty'), h('/text?q=%E2%9C%93'), h('/users/busy'), h('/weird?v=6'), h('/hops?n=2'), h('/multi', ['set-cookie']), h('/multi', ['x-latin']),
    h('/multi', ['']), h('/multi', ['X Bad']), h('/multi', ['content-encoding', 'transfer-encoding', 'connection', 'keep-alive']), h('/gzip?q=2', ['content-encoding', 'content-length']),
    h('/status?code=304'), h('/redirect?code=300&to=/users/1'), h('/redirect?code=399&to=/users/1'),
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,1,1,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('header-read', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
