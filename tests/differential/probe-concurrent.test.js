// Differential under __OW_ALLOW_CONCURRENT=true: bursts of the http-status prober (several fetches per activation, fallbacks after fetches) and the paginate helper.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { concurrentDifferential } = require('./harness');

/** Trains both servers on the action `name`, then compares 2 bursts of `inputs` (tests/differential/harness.js). */
function concurrent(t, name, train, inputs, minNative) {
  const code = fs.readFileSync(path.join(__dirname, 'actions', `${name}.js`), 'utf8');
  return concurrentDifferential(t, { label: name, code, train, inputs, rounds: 2, minNative });
}

test('differential: http-status, 20 concurrent probes (native fetches together, fallbacks after fetches replayed)', async (t) => {
  const train = [
    { paths: ['/users/1', '/text?q=a', '/status?code=404'] },
    { paths: ['/users/boom', '/redirect?to=/users/2', '/orders/bad'], report: true },
    { paths: ['/prices', '/status?code=201'] },
  ];
  const P = (paths, report) => ({ paths, report });
  const inputs = [
    P(['/users/1', '/text?q=a']), P(['/users/2'], true), P(['/hops?n=21']), P(['/status?code=503', '/users/3']), P(['/orders/fail', '/orders/bad']),
    P(['/redirect?code=307&to=/prices'], true), P(['/drop']), P(['/users/42', '/users/boom']), P(['/empty']), P(['/flaky?key=abc'], true),
    P(['/users/1', '/text?q=a']), P(['/users/2'], true), P(['/gzip?q=z', '/bom']), P(['/status?code=418']), P(['/weird?v=1', '/weird?v=12']),
    P(['/redirect?to=other-origin']), P(['/text?q=%F0%9F%98%80']), P([]), P(['/users/busy'], true), P(['/big?n=500']),
  ];
  await concurrent(t, 'http-status', train, inputs, 8);
});

test('differential: paginate, 16 concurrent pages (native and guard fallbacks after the fetch)', async (t) => {
  const train = [{ n: 25, page: 1, size: 10 }, { n: 25, page: 3, size: 10 }, { n: 7, page: 2, size: 3 }];
  const inputs = [];
  for (let i = 0; i < 16; i++) inputs.push(i % 4 === 3 ? { n: 30, page: String(i), size: 5 } : { n: 40 + i, page: 1 + (i % 3), size: 4 + i });
  await concurrent(t, 'paginate', train, inputs, 6);
});
