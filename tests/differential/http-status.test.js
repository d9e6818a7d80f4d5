// Differential: http-status (sequential fetches with headers, statuses, non-JSON and invalid JSON bodies, redirects, gzip, BOM, 204, dropped connections, a POST report).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [
    { paths: ['/users/1', '/text?q=a', '/status?code=404'] },
    { paths: ['/users/boom', '/redirect?to=/users/2', '/orders/bad'], report: true },
    { paths: ['/prices', '/status?code=201'] },
  ],
  inputs: [
    { paths: ['/users/1', '/text?q=a', '/status?code=404'] }, { paths: ['/users/busy'] }, { paths: ['/users/99'] }, { paths: ['/status?code=418'] }, { paths: ['/status?code=500', '/status?code=503'], report: true },
    { paths: ['/redirect?code=301&to=/text', '/redirect?code=307&to=/prices'] }, { paths: ['/redirect?code=303&to=/echo'], report: true }, { paths: ['/hops?n=3'] }, { paths: ['/hops?n=21'] },
    { paths: ['/orders/fail', '/orders/bad'] }, { paths: ['/gzip?q=x', '/bom'] }, { paths: ['/badutf8'] }, { paths: ['/multi'] }, { paths: ['/empty'] }, { paths: ['/drop'] },
    { paths: ['/weird?v=3', '/weird?v=5', '/weird?v=6'] }, { paths: ['/weird?v=11', '/weird?v=12', '/weird?v=13'] }, { paths: ['/big?n=3000'] }, { paths: ['/nope', '/status?code=299'] },
    { paths: [] , report: true }, { paths: ['/text?q=%F0%9F%98%80', '/text?q=%C3%BC'] }, { paths: ['/users/42'] }, { paths: '/users/1' }, { paths: [5] }, { paths: ['/status?code=200'], report: 'yes' },
    { paths: ['/redirect?to=other-origin'] }, { paths: ['/flaky?key=ab', '/flaky?key=abc'], report: true },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1,1,1,0,0,1,1,1,0,0,1,1,1,1,1,1,1,0,0,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('http-status', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
