// Equivalence of fetch actions against a local test server: same results, logs and outbound requests instrumented as plain.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { runAction, addonAvailable, prng } = require('./lib');

const DIR = path.join(__dirname, 'fetch-actions');
const GOLDEN = path.join(__dirname, 'golden', 'fetch');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
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
      const json = (status, doc, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(doc));
      };
      const m = /^\/(users|orders)\/(.*)$/.exec(url.pathname);
      if (m && m[1] === 'users') {
        if (m[2] === '0') return json(404, {});
        if (m[2] === '13') return json(503, { error: 'down' });
        return json(200, { id: Number(m[2]), name: `user-${m[2]}` });
      }
      if (m && m[1] === 'orders') {
        const n = m[2].length;
        return json(200, { items: Array.from({ length: n % 4 }, (_, i) => ({ sku: ['a', 'b', 'c', 'zz'][(n + i) % 4], qty: i + 1 })) });
      }
      if (url.pathname === '/prices') return json(200, { a: 1.25, b: 10, c: 0.1 });
      if (url.pathname === '/health' || url.pathname === '/audit') {
        res.writeHead(url.searchParams.get('what') === 'x' ? 500 : 200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (url.pathname === '/flaky') {
        const fail = url.searchParams.get('fail');
        const status = fail === 'always' || (fail === 'once' && !url.searchParams.get('retry')) ? 502 : fail === 'missing' ? 404 : 200;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`${status} ${body}`);
        return;
      }
      if (url.pathname === '/page') {
        const n = Number(url.searchParams.get('n'));
        if (n === 3) {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<p>');
          return;
        }
        const headers = { 'x-api-version': req.headers['x-client'] === 'old' ? '1' : '2' };
        if (n < 2) headers['x-next-page'] = String(n + 1);
        return json(200, { items: Array.from({ length: n + 1 }, (_, i) => i) }, headers);
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
  router: (r) => ({ base, route: r.pick(['user', 'user', 'health', 'other', undefined]), id: r.pick([0, 1, 7, 13, 42]) }),
  aggregate: (r) => ({ base, user: r.pick(['ann', 'bo', 'cyd', 'dee', 'e']) }),
  status: (r) => ({ base, fail: r.pick(['never', 'once', 'always', 'missing']) }),
  headers: (r) => ({ base, page: r.int(0, 3), client: r.pick(['old', 'new', undefined]) }),
  stamp: (r) => ({ base, what: r.pick(['x', 'y', 'login']) }),
  'memo-cache': (r) => ({ base, user: r.pick(['ann', 'bo', 'cyd']), id: r.pick([1, 7, 0, 13]) }),
  fanout: (r) => ({ base, ids: Array.from({ length: r.int(1, 4) }, () => r.pick([1, 7, 42, 1, 0, 13])) }),
};

/** Requests in arrival order, but for actions that send some together (Promise.all): their order at the server is the network's. */
const CONCURRENT = new Set(['memo-cache', 'fanout']);
const arrival = (name, list) => (CONCURRENT.has(name) ? [...list].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)) : list);

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
    assert.deepEqual(arrival(name, requests), arrival(name, plainRequests), 'different outbound requests');
    assert.ok(plainRequests.length >= INPUTS, `only ${plainRequests.length} requests were made`);
    assert.equal(traced.tracing.session.rejected, 0, traced.tracing.session.lastRejection);
    if (!addonAvailable()) return;
    // The trace itself: the backend answers from the request alone, so it is deterministic.
    const reply = traced.tracing.traceReply();
    assert.equal(reply.status, 200, JSON.stringify(reply.json));
    const actual = `${JSON.stringify(JSON.parse(reply.text), null, 2)}\n`;
    const where = path.join(GOLDEN, `${name}.trace.json`);
    if (UPDATE) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(where, actual);
    } else {
      assert.ok(fs.existsSync(where), `${where} is missing: run UPDATE_GOLDEN=1 node --test tests/trace/fetch.test.js`);
      assert.equal(actual, fs.readFileSync(where, 'utf8'), `golden/fetch/${name}.trace.json differs (rebase with UPDATE_GOLDEN=1 if the change is intended)`);
    }
  });
}

/** Every call target and expression of a trace, for the shape checks below. */
function collect(trace) {
  const found = { targets: [], awaits: 0, seen: 0 };
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return undefined;
    if (v.s === 'call') found.targets.push(...v.targets);
    if (v.e === 'await') found.awaits++;
    if (v.seen) found.seen++;
    return Object.values(v).forEach(walk);
  };
  walk(trace.main);
  return found;
}

test('async traces: main and awaited async callees are marked async and inlined, fetch and Response methods are built-ins, a kept promise of a helper whose tail is quiet is inlined', { skip: addonAvailable() ? false : 'the addon is not built' }, async () => {
  const r = prng(SEED);
  const router = fs.readFileSync(path.join(DIR, 'router.js'), 'utf8');
  const traced = await runAction(router, Array.from({ length: 20 }, () => generators.router(r)), { traced: true, recorder: 'addon' });
  const trace = JSON.parse(traced.tracing.traceReply().text);
  assert.equal(trace.main.async, true);
  const got = collect(trace);
  assert.ok(got.awaits >= 2, `only ${got.awaits} await expressions`);
  assert.ok(got.seen > 0, 'no operand types');
  const user = got.targets.find((t) => t.name === 'user');
  assert.ok(user && user.async === true, 'the awaited async helper user() is not an inlined async target');
  const names = got.targets.filter((t) => t.builtin).map((t) => t.builtin);
  for (const b of ['fetch', 'Response.prototype.json', 'Response.prototype.text']) assert.ok(names.includes(b), `no ${b} target in ${names}`);

  const stamp = fs.readFileSync(path.join(DIR, 'stamp.js'), 'utf8');
  const traced2 = await runAction(stamp, Array.from({ length: 5 }, () => generators.stamp(r)), { traced: true, recorder: 'addon' });
  const got2 = collect(JSON.parse(traced2.tracing.traceReply().text));
  // audit's code after its fetch only reads the response's status: it runs whole at its call
  // (proxy/trace/async-calls.js), so its kept promise's call is inlined, not {"opaque":"async"}.
  assert.ok(got2.targets.some((t) => t.name === 'audit' && t.async === true), 'the promise kept in a variable is not an inlined async target');
  assert.ok(!got2.targets.some((t) => t.opaque === 'async'), 'a call stays {"opaque":"async"}');
  const names2 = got2.targets.filter((t) => t.builtin).map((t) => t.builtin);
  for (const b of ['Date.now', 'Math.random', 'fetch']) assert.ok(names2.includes(b), `no ${b} target in ${names2}`);
  assert.equal(traced2.tracing.session.rejected, 0, traced2.tracing.session.lastRejection);
});

test('concurrent async activations (fetches interleaved) keep their lists nested and give the sequential trace', { skip: addonAvailable() ? false : 'the addon is not built' }, async () => {
  const { Tracing } = require('../../proxy/trace/tracing');
  const { loadAction } = require('../../proxy/loader');
  const code = fs.readFileSync(path.join(DIR, 'router.js'), 'utf8');
  const r = prng(SEED + 1);
  const inputs = Array.from({ length: 60 }, () => generators.router(r));
  const traceOf = async (concurrent) => {
    const tracing = new Tracing({ deferMerges: false, typeActivations: 1000 });
    const loaded = await tracing.load({ code, main: 'main' }, (m) => loadAction(m, {}));
    const one = async (input) => {
      const act = tracing.activation();
      try {
        return await act.call(loaded.main, structuredClone(input));
      } catch (error) {
        return { error: error.message };
      } finally {
        act.end();
      }
    };
    const results = [];
    if (concurrent) results.push(...(await Promise.all(inputs.map(one))));
    else for (const input of inputs) results.push(await one(input));
    assert.equal(tracing.session.rejected, 0, tracing.session.lastRejection);
    const trace = JSON.parse(tracing.traceReply().text);
    delete trace.stable_for; // by definition it depends on the merge order
    return { results, trace };
  };
  const quiet = console.log;
  console.log = () => {}; // the router logs unknown routes: the same lines either way, not wanted in the test's output
  try {
    const sequential = await traceOf(false);
    const concurrent = await traceOf(true);
    assert.deepEqual(concurrent.results, sequential.results);
    assert.deepEqual(concurrent.trace, sequential.trace);
  } finally {
    console.log = quiet;
  }
});

test('a memo cache written by main: the trace records the module writes (setmod) and Promise.all and then as built-ins; the program is not compilable', { skip: addonAvailable() ? false : 'the addon is not built' }, async () => {
  const r = prng(SEED + 2);
  const code = fs.readFileSync(path.join(DIR, 'memo-cache.js'), 'utf8');
  const traced = await runAction(code, Array.from({ length: 6 }, () => generators['memo-cache'](r)), { traced: true, recorder: 'addon' });
  assert.equal(traced.tracing.session.rejected, 0, traced.tracing.session.lastRejection);
  const trace = JSON.parse(traced.tracing.traceReply().text);
  assert.equal(trace.compilable, false);
  assert.match(trace.not_compilable_because, /^function main writes the module binding served \(line 7\)$/);
  const writes = [];
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return undefined;
    if (v.s === 'setmod') writes.push(v.name);
    return Object.values(v).forEach(walk);
  };
  walk(trace.main);
  assert.deepEqual([...new Set(writes)].sort(), ['lastUser', 'prices', 'served']);
  const names = collect(trace).targets.filter((t) => t.builtin).map((t) => t.builtin);
  for (const b of ['fetch', 'Promise.all', 'Promise.prototype.then']) assert.ok(names.includes(b), `no ${b} target in ${names}`);
  // The cache was filled by the first activation only: the `if (!prices)` took both sides.
  assert.ok(JSON.stringify(trace.main).includes('"taken":[1,5]'), 'the cache test was not taken once then skipped five times');
});
