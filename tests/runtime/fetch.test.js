// End-to-end: native activations that fetch (libcurl on the runtime's loop), fallback with replay of their effects in Node.js, failures, limits, concurrency, --engine native.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { test, after } = require('node:test');
const { SENTINEL, buildHandler, countSentinels, fakeCompiler, sha256, shimNode, startServer } = require('./harness');

const S = `${SENTINEL}\n`;

/**
 * The action actionloop/test/test_handler.c stands for when its args have a `url`: it fetches
 * args.url args.fetches times (1 by default) with the header X-Test: 1. The C handler answers
 * {greeting, fetched: [<raw result JSON>...]} natively and aborts on args.abort (after its
 * fetches, which the abort record carries as effects); Node.js answers the form below.
 */
const FETCH_ACTION = `async function main(args) {
  console.log('hello', args.name);
  console.error('to stderr');
  const out = { greeting: 'Hello ' + args.name, path: 'node' };
  if (args.url) {
    out.fetched = [];
    for (let i = 0; i < (args.fetches || 1); i++) {
      try {
        const r = await fetch(args.url, { method: 'GET', headers: { 'X-Test': '1' } });
        out.fetched.push({ status: r.status, statusText: r.statusText, url: r.url, type: r.type, text: await r.text() });
      } catch (e) {
        out.fetched.push({ error: e.message, cause: e.cause && e.cause.message });
      }
    }
  }
  if (args.clock) {
    out.now = Date.now();
    out.random = Math.random();
  }
  return out;
}
`;
const CODE_SHA = sha256(FETCH_ACTION);

/** A local backend that counts requests: /data answers {"n": count, "path"}, /slow after 2 s, /huge 3 MiB; `delayMs` delays every answer. */
async function startBackend({ delayMs = 0 } = {}) {
  const server = http.createServer((req, res) => {
    server.count++;
    server.heads.push(req.headers);
    const n = server.count;
    const answer = () => {
      if (req.url === '/huge') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(Buffer.alloc(3 * 1024 * 1024, 120));
        return;
      }
      const body = JSON.stringify({ n, path: req.url });
      res.writeHead(200, 'Fine', { 'Content-Type': 'application/json', 'X-Count': String(n) });
      res.end(body);
    };
    const wait = req.url === '/slow' ? 2000 : delayMs;
    if (wait > 0) setTimeout(answer, wait);
    else answer();
  });
  server.count = 0;
  server.heads = [];
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.url = (p) => `http://127.0.0.1:${server.address().port}${p}`;
  return server;
}

const backends = [];
async function backend(options) {
  const b = await startBackend(options);
  backends.push(b);
  return b;
}
after(() => {
  for (const b of backends) b.close();
});

/** A port nobody listens on. */
async function deadPort() {
  const probe = http.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

/** --engine auto on the shim engine, with a fake compiler that "builds" the C handler for FETCH_ACTION; /init and two traced runs, then native. */
async function nativeServer(env = {}) {
  const compiler = fakeCompiler(buildHandler('answer', CODE_SHA));
  const record = path.join(path.dirname(compiler.file), `shim-fetch-${Date.now()}-${Math.random()}.jsonl`);
  const server = await startServer({
    env: {
      CONTAINERLESS_NODE: shimNode(),
      CONTAINERLESS_COMPILER: compiler.file,
      CONTAINERLESS_COMPILE_AFTER: '2',
      SHIM_CODE_SHA256: CODE_SHA,
      SHIM_RECORD: record,
      ...env,
    },
  });
  server.fallbacks = () =>
    (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [])
      .filter((e) => e.fallback !== undefined)
      .map((e) => JSON.parse(e.fallback));
  assert.equal((await server.init(FETCH_ACTION)).status, 200);
  for (const name of ['t1', 't2']) assert.equal((await server.run({ name })).headers['x-containerless-engine'], 'node');
  await server.waitForMetric('containerless_native_ready', 1);
  await server.waitForSentinels(2);
  return server;
}

const decode = (result) => Buffer.from(result.body_b64, 'base64').toString('utf8');

test('auto: a native activation fetches on the runtime loop; the result follows the contract', async () => {
  const b = await backend();
  const server = await nativeServer();
  const mark = server.mark();
  const r = await server.run({ name: 'ada', url: b.url('/data'), fetches: 2 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['x-containerless-engine'], 'native');
  assert.equal(b.count, 2);
  const [one, two] = r.json.fetched;
  assert.equal(one.status, 200);
  assert.equal(one.statusText, 'Fine');
  assert.equal(one.url, b.url('/data'));
  assert.deepEqual(JSON.parse(decode(one)), { n: 1, path: '/data' });
  assert.deepEqual(JSON.parse(decode(two)), { n: 2, path: '/data' });
  // Lower-cased names, in arrival order.
  assert.deepEqual(one.headers.map(([name]) => name).slice(0, 2), ['content-type', 'x-count']);
  assert.deepEqual(one.headers.find(([name]) => name === 'x-count'), ['x-count', '1']);
  // The request carried the action's header and what Node's fetch sends by default.
  assert.equal(b.heads[0]['x-test'], '1');
  assert.equal(b.heads[0]['user-agent'], 'node');
  assert.equal(b.heads[0]['accept-encoding'], 'gzip, deflate');
  await server.waitForSentinels(3);
  assert.deepEqual(server.since(mark), { stdout: `hello ada\n${S}`, stderr: `to stderr\n${S}` });
  await server.stop();
});

test('auto: an abort after a fetch is re-executed in Node.js, which replays the recorded response', async () => {
  const b = await backend();
  const server = await nativeServer();
  const mark = server.mark();
  const r = await server.run({ name: 'bob', url: b.url('/data'), abort: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['x-containerless-engine'], 'node');
  // The backend saw exactly one request (the native one); Node's answer is built from its response.
  assert.equal(b.count, 1);
  assert.deepEqual(r.json, {
    greeting: 'Hello bob',
    path: 'node',
    fetched: [{ status: 200, statusText: 'Fine', url: b.url('/data'), type: 'basic', text: '{"n":1,"path":"/data"}' }],
  });
  const [record] = server.fallbacks();
  assert.equal(record.reason, 'untraced');
  assert.equal(record.effects.length, 1);
  assert.equal(record.effects[0].fetch.url, b.url('/data'));
  assert.equal(decode(record.effects[0].response), '{"n":1,"path":"/data"}');
  // Only Node's log lines, once.
  await server.waitForSentinels(3);
  assert.deepEqual(server.since(mark), { stdout: `hello bob\n${S}`, stderr: `to stderr\n${S}` });
  // Two recorded fetches are both replayed, in order.
  const two = await server.run({ name: 'cy', url: b.url('/data'), fetches: 2, abort: true });
  assert.equal(b.count, 3);
  assert.deepEqual(two.json.fetched.map((f) => JSON.parse(f.text).n), [2, 3]);
  await server.stop();
});

test('auto: Date.now and Math.random of the native attempt are replayed', async () => {
  const server = await nativeServer();
  const r = await server.run({ name: 'clock', clock: true, abort: true });
  assert.equal(r.headers['x-containerless-engine'], 'node');
  assert.equal(r.json.now, 1732680000000);
  assert.equal(r.json.random, 0.25);
  // Each fallback replays its own record; a native answer takes no part in it.
  const again = await server.run({ name: 'x', clock: true, abort: true });
  assert.equal(again.json.now, 1732680000000);
  assert.equal(again.json.random, 0.25);
  await server.stop();
});

test('auto: a backend that is down is an error result natively, and the same TypeError in the replay', async () => {
  const port = await deadPort();
  const url = `http://127.0.0.1:${port}/x`;
  const server = await nativeServer();
  const r = await server.run({ name: 'd', url });
  assert.equal(r.headers['x-containerless-engine'], 'native');
  assert.deepEqual(r.json.fetched, [{ error: `connect ECONNREFUSED 127.0.0.1:${port}` }]);
  const fb = await server.run({ name: 'd', url, abort: true });
  assert.equal(fb.headers['x-containerless-engine'], 'node');
  assert.deepEqual(fb.json.fetched, [{ error: 'fetch failed', cause: `connect ECONNREFUSED 127.0.0.1:${port}` }]);
  await server.stop();
});

test('auto: a slow backend is waited for past the activation deadline, as Node.js does; a huge response is refused by its size', async () => {
  const b = await backend();
  const server = await nativeServer({ CONTAINERLESS_FETCH_MAX_MB: '1' });
  const started = Date.now();
  // Node.js's fetch does not know the deadline: cutting the transfer there would show the action
  // a network failure that never happened (differential finding H12-15).
  const slow = await server.run({ name: 's', url: b.url('/slow') }, { deadline: String(Date.now() + 300) });
  assert.ok(Date.now() - started >= 1900, `answered after ${Date.now() - started} ms`);
  assert.equal(slow.status, 200);
  assert.equal(slow.json.fetched[0].status, 200, JSON.stringify(slow.json));
  assert.equal(b.count, 1, 'the slow request was sent once');
  const huge = await server.run({ name: 'h', url: b.url('/huge') });
  assert.equal(huge.headers['x-containerless-engine'], 'native');
  assert.deepEqual(huge.json.fetched, [{ error: 'response body over the limit of 1048576 bytes (CONTAINERLESS_FETCH_MAX_MB)' }]);
  await server.stop();
});

test('auto with __OW_ALLOW_CONCURRENT=true: 32 activations with two fetches each are in flight at once', async () => {
  const b = await backend({ delayMs: 100 });
  const server = await nativeServer({ __OW_ALLOW_CONCURRENT: 'true' });
  const started = Date.now();
  const replies = await Promise.all(Array.from({ length: 32 }, (_, i) => server.run({ name: `c${i}`, url: b.url(`/p${i}`), fetches: 2 })));
  const elapsed = Date.now() - started;
  for (const [i, r] of replies.entries()) {
    assert.equal(r.headers['x-containerless-engine'], 'native');
    assert.equal(r.json.greeting, `Hello c${i}`);
    assert.deepEqual(r.json.fetched.map((f) => JSON.parse(decode(f)).path), [`/p${i}`, `/p${i}`]);
  }
  assert.equal(b.count, 64);
  // One after another this would take 32 x 2 x 100 ms = 6.4 s.
  assert.ok(elapsed < 2500, `32 activations took ${elapsed} ms`);
  const m = await server.metrics();
  assert.equal(m['containerless_activations_total{engine="native"}'], 32);
  await server.stop();
});

test('auto without __OW_ALLOW_CONCURRENT: a /run during a native one gets the Node engine\'s refusal', async () => {
  const b = await backend({ delayMs: 300 });
  const server = await nativeServer();
  const first = server.run({ name: 'a', url: b.url('/data') });
  await new Promise((r) => setTimeout(r, 100));
  const second = await server.run({ name: 'b' });
  assert.equal(second.status, 403);
  assert.deepEqual(second.json, { error: 'System not ready, status is running.' });
  assert.equal((await first).status, 200);
  assert.equal((await server.run({ name: 'c' })).status, 200);
  const logs = await server.stop();
  assert.match(logs.stderr, /Internal system error: System not ready, status is running\./);
});

test('native: an abort before any fetch answers 503, after a fetch 502; fetches work without Node.js', async () => {
  const b = await backend();
  const server = await startServer({ engine: 'native', args: ['--handler', buildHandler('answer', CODE_SHA)] });
  assert.equal((await server.init(FETCH_ACTION)).status, 200);
  const ok = await server.run({ name: 'n', url: b.url('/data') });
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(decode(ok.json.fetched[0])), { n: 1, path: '/data' });
  const before = await server.run({ name: 'n', abort: true });
  assert.equal(before.status, 503);
  const afterFetch = await server.run({ name: 'n', url: b.url('/data'), abort: true });
  assert.equal(afterFetch.status, 502);
  assert.equal(afterFetch.headers['x-containerless-engine'], 'native');
  assert.match(afterFetch.json.error, /made requests, so it cannot be re-run: untraced$/);
  assert.equal(b.count, 2);
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 3);
});

test('serve --engine node (not the runtime\'s engine) keeps the built-ins unwrapped and reads no framing', async () => {
  const server = await startServer({ engine: 'node' });
  const code = "function main() { return { now: String(Date.now), random: String(Math.random), replayFetch: String(fetch).includes('storage.getStore') }; }";
  assert.equal((await server.init(code)).status, 200);
  const r = await server.run({});
  assert.deepEqual(r.json, { now: 'function now() { [native code] }', random: 'function random() { [native code] }', replayFetch: false });
  const framed = await server.post('/run', '{}{"value":{}}', { headers: { 'X-Containerless-Fallback-Length': '2' } });
  assert.equal(framed.status, 500);
  await server.stop();
});

test('auto: activations that wait on fetches do not feed the "never slower" guard', async () => {
  // Native activations waiting 150 ms on a backend would measure slower than the two quick Node
  // activations of the trace, and demote a handler that is not slow at all.
  const b = await backend({ delayMs: 150 });
  const server = await nativeServer({ CONTAINERLESS_SLOWER_AFTER: '3' });
  for (let i = 0; i < 4; i++) {
    const r = await server.run({ name: `g${i}`, url: b.url('/data') });
    assert.equal(r.headers['x-containerless-engine'], 'native');
  }
  const m = await server.metrics();
  assert.equal(m.containerless_demotions_total, 0, server.events);
  assert.equal(m.containerless_native_ready, 1);
  await server.stop();
});
