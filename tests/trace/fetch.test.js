// Equivalence of fetch actions against a local test server: same results, logs and outbound requests instrumented as plain.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { runAction, addonAvailable, prng } = require('./lib');

const DIR = path.join(__dirname, 'fetch-actions');
const INPUTS = 50;
const SEED = Number(process.env.TRACE_SEED || 424242);
let server;
let base;
let requests = [];

before(async () => {
  // Deterministic answers from the request alone, so plain and instrumented runs see the same.
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method, url: req.url, type: req.headers['content-type'] || null, body });
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/forecast') {
        const city = url.searchParams.get('city');
        if (city === '' || city === 'nowhere') {
          res.writeHead(city === '' ? 400 : 404, { 'content-type': 'text/plain' });
          res.end('no such city');
          return;
        }
        const days = Array.from({ length: city.length % 5 }, (_, i) => ({ t: ((city.charCodeAt(0) * (i + 3)) % 40) - 10 }));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ city, days }));
        return;
      }
      if (url.pathname === '/relay') {
        const n = JSON.parse(body).items.length;
        res.writeHead(n > 3 ? 500 : 200, { 'content-type': 'text/plain' });
        res.end(`relayed ${n} items`);
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

const generators = {
  weather: (r) => ({ base, city: r.pick(['Oslo', 'Rome', 'nowhere', '', 'Ålesund', 'a b', undefined]) }),
  relay: (r) => ({ base, items: Array.from({ length: r.int(0, 5) }, () => r.pick([1, 2.5, 'x', null, -3])), tag: r.pick([undefined, 'a']) }),
};

for (const name of Object.keys(generators)) {
  test(`fetch equivalence ${name} (${INPUTS} inputs, seed ${SEED})`, async () => {
    const code = fs.readFileSync(path.join(DIR, `${name}.js`), 'utf8');
    const r = prng(SEED);
    const inputs = Array.from({ length: INPUTS }, () => generators[name](r));
    requests = [];
    const plain = await runAction(code, inputs);
    const plainRequests = requests;
    requests = [];
    const traced = await runAction(code, inputs, { traced: true, recorder: addonAvailable() ? 'addon' : 'collect' });
    assert.equal(traced.tracing.reason, undefined, traced.tracing.reason);
    assert.deepEqual(traced.records, plain.records);
    assert.deepEqual(requests, plainRequests, 'different outbound requests');
    assert.ok(plainRequests.length >= INPUTS, `only ${plainRequests.length} requests were made`);
    assert.equal(traced.tracing.session.rejected, 0, traced.tracing.session.lastRejection);
  });
}
