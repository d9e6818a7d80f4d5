// End-to-end with every real part and fetch: the tracer's async trace, containerless-compile, the handler's host calls, native answers byte for byte Node's, a fallback after a fetch replaying it.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { test } = require('node:test');
const { REPO, startServer } = require('./harness');

const COMPILER = process.env.CONTAINERLESS_TEST_COMPILER || path.join(REPO, 'build', 'compiler', 'containerless-compile');
const RLIB = path.join(REPO, 'compiler', 'runtime', 'target', 'release', 'libcontainerless_rt.rlib');
const missing = [COMPILER, RLIB].filter((f) => !fs.existsSync(f));
const skip = missing.length > 0 ? `not built: ${missing.join(', ')} (scripts/build.sh builds them)` : false;

const ACTION = `async function main(args) {
  const t = Date.now();
  const x = Math.random();
  const r = await fetch(args.url + '/item?id=' + args.id);
  const data = await r.json();
  if (data.kind === 'rare') {
    return { rare: true, id: data.id, n: r.headers.get('x-n'), t, x };
  }
  const r2 = await fetch(args.url + '/save', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: data.id }) });
  const saved = await r2.text();
  return { id: data.id, status: r.status, ok: r.ok, saved, statusText: r2.statusText, type: r.headers.get('content-type') };
}
`;

/** /item?id=X answers {id, kind} (kind "rare" for ids starting so) with x-n: the request count; /save echoes its body. */
async function startBackend() {
  const server = http.createServer((req, res) => {
    server.count++;
    const n = server.count;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/item') {
        const id = url.searchParams.get('id');
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-N': String(n) });
        res.end(JSON.stringify({ id, kind: id.startsWith('rare') ? 'rare' : 'common' }));
      } else {
        res.writeHead(201, 'Saved Fine', { 'Content-Type': 'text/plain' });
        res.end(`saved ${req.method} ${body}`);
      }
    });
  });
  server.count = 0;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.url = `http://127.0.0.1:${server.address().port}`;
  return server;
}

async function waitNative(server, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = await server.metrics();
    if (m.containerless_native_ready === 1) return;
    if (m['containerless_compilations_total{result="failed"}'] > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no native handler${server.logs()}`);
}

test('an async fetch action: traced, compiled, answered natively as Node answers, a fallback after a fetch replays it', { skip }, async () => {
  const backend = await startBackend();
  try {
    const server = await startServer({ env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2' } });
    assert.equal((await server.init(ACTION)).status, 200);
    const node = {};
    for (const id of ['a', 'b']) {
      const r = await server.run({ url: backend.url, id });
      assert.equal(r.headers['x-containerless-engine'], 'node');
      node[id] = r.text;
    }
    assert.deepEqual(JSON.parse(node.a), { id: 'a', status: 200, ok: true, saved: 'saved POST {"id":"a"}', statusText: 'Saved Fine', type: 'application/json' });
    await waitNative(server, 120_000);

    // Native, and byte for byte what the Node engine answered.
    const before = backend.count;
    for (const id of ['a', 'b']) {
      const r = await server.run({ url: backend.url, id });
      assert.equal(r.headers['x-containerless-engine'], 'native', server.logs());
      assert.equal(r.text, node[id]);
    }
    assert.equal(backend.count, before + 4);

    // A path no traced activation took, after the first fetch: the native attempt aborts, Node.js
    // re-executes it with the recorded response (the backend sees no second request, and x-n is
    // the native request's).
    const count = backend.count;
    const rare = await server.run({ url: backend.url, id: 'rare-1' });
    assert.equal(rare.headers['x-containerless-engine'], 'node');
    // Date.now and Math.random too: the values the native attempt took (its abort record, in the
    // event log).
    const logged = /native activation aborted, re-running in node: (\{.*\})$/m.exec(server.events);
    assert.ok(logged, server.logs());
    const effects = JSON.parse(logged[1]).effects;
    assert.deepEqual(effects.map((e) => Object.keys(e)[0]), ['now', 'random', 'fetch']);
    assert.deepEqual(rare.json, { rare: true, id: 'rare-1', n: String(count + 1), t: effects[0].now, x: effects[1].random });
    assert.equal(backend.count, count + 1);
    // A backend that is down: natively an error result, an abort (`throw`, after the effect);
    // Node.js replays the recorded failure, and the action's promise rejects as with Node alone.
    const probe = http.createServer();
    await new Promise((r) => probe.listen(0, '127.0.0.1', r));
    const dead = `http://127.0.0.1:${probe.address().port}`;
    await new Promise((r) => probe.close(r));
    const down = await server.run({ url: dead, id: 'a' });
    assert.equal(down.headers['x-containerless-engine'], 'node');
    assert.equal(down.status, 200);
    assert.equal(down.json.error.name, 'TypeError');
    assert.equal(down.json.error.message, 'fetch failed');
    assert.match(server.events, /"response":\{"error":"connect ECONNREFUSED 127\.0\.0\.1:[0-9]+"\}/);
    const m = await server.metrics();
    assert.equal(m.containerless_fallbacks_total, 2);
    await server.stop();
  } finally {
    backend.close();
  }
});
