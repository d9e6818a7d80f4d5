// Differential: ow-web, docs webactions: html, base64 png, JSON body, redirect, cookie, __ow_ fields: published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const web = {
  train: [{"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","name":"Jane"},{"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"png"},{"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"json","a":1}],
  inputs: [
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","name":"Jane"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":""},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"png"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"json","a":1},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"redirect"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"cookie"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"http"},
    {"__ow_method":"post","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"http","__ow_body":"eyJhIjoxfQ==","__ow_query":"a=1&b=%C3%BC"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","name":"☃ <b>"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","name":0},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","name":["x"]},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","kind":"json","a":[1e+21,0,"ü"]},
    {"__ow_method":"get","__ow_headers":{},"__ow_path":"","kind":"json"},
    {},
    {"kind":"http"},
    {"__ow_method":"get","__ow_headers":null,"__ow_path":"","kind":"http"},
    {"__ow_method":"get","__ow_headers":{"accept":"*/*","user-agent":"curl"},"__ow_path":"","name":"\ud800"},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,1,1,0,0,0,0,1,0,1,1,1,0,0,0,0],
};
if (web.native.length !== web.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-web', { train: web.train, inputs: web.inputs.map((args, i) => ({ args, native: web.native[i] ? true : undefined })) }, 'differential: ow-web');
