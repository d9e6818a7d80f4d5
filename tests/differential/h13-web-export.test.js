// Differential: h13-web-export, a web action whose JSON and CSV answers are native and whose base64 answers (Buffer) fall back to Node.js (helper E's H13 hunt).
'use strict';
const { diffTest } = require('./harness');

const it = (name, n) => ({ name, n });
const train = [
  { __ow_method: 'get', items: [it('a', 1), it(' b ', '2')] },
  { __ow_method: 'post', format: 'csv', items: [it('x', 3)] },
  { __ow_method: 'get', items: [] },
];
const inputs = [
  { args: { __ow_method: 'get', format: 'b64', items: [it('é', 1), it('z', 2)] } },
  { args: { __ow_method: 'get', items: [it('q', 'x'), null, { n: 3 }] } },
  { args: { __ow_method: 'post', format: 'decode', __ow_body: Buffer.from('héllo wörld').toString('base64') } },
  { args: { __ow_method: 'post', format: 'decode', __ow_body: '!!notbase64' } },
  { args: { __ow_method: 'delete' } },
  { args: { __ow_method: 'get', format: 'csv', items: [it('a,b', 1), it('"q"', 2)] }, native: true },
  { args: { __ow_method: 'get', items: [it('m', 1e21), it('n', -0)] } },
  { args: { __ow_method: 'get', format: 'b64' } },
  { args: { __ow_method: 'post', format: 'csv', items: [it('ü', 0.5)] }, native: true },
];
diffTest('h13-web-export', { train, inputs });
