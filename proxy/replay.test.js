// Tests of the replay wrappers: identical to the built-ins without a record, recorded answers (undici-built Responses, errors, clock values) with one.
'use strict';

const { installReplay, runWithRecord } = require('./replay');

// Before anything captures the built-ins, as the engine does.
const original = { fetch: globalThis.fetch, now: Date.now, random: Math.random, Date };
installReplay();

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const zlib = require('node:zlib');
const { builtinTables } = require('./trace/builtins');

/** A backend counting its requests; answers 201 "Very Created" with fixed headers, gzip on /gz. */
async function backend() {
  const server = http.createServer((req, res) => {
    server.count++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.sendDate = false;
      if (req.url === '/gz') {
        const body = zlib.gzipSync(Buffer.from('{"zipped":true}'));
        res.writeHead(200, 'OK', { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json', 'Content-Length': body.length, Connection: 'close' });
        res.end(body);
        return;
      }
      const body = Buffer.from(`{"n":${server.count},"path":"${req.url}"}`);
      res.writeHead(201, 'Very Created', { 'X-One': '1', 'Content-Type': 'application/json', 'Content-Length': body.length, Connection: 'close' });
      res.end(body);
    });
  });
  server.count = 0;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.url = (p) => `http://127.0.0.1:${server.address().port}${p}`;
  return server;
}

/** What the native runtime records for one response (fetch_request.cc): lower-case headers in order, body in base64. */
function recorded(url, status, statusText, headers, body) {
  return { status, statusText, url, headers, body_b64: Buffer.from(body).toString('base64') };
}

async function describe(response) {
  return {
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    type: response.type,
    redirected: response.redirected,
    ok: response.ok,
    headers: [...response.headers],
    body: await response.text(),
    proto: Object.getPrototypeOf(response) === Response.prototype,
  };
}

test('the wrappers look like the built-ins and are what the tracer sees', () => {
  for (const [key, now, was] of [
    ['fetch', globalThis.fetch, original.fetch],
    ['Date.now', Date.now, original.now],
    ['Math.random', Math.random, original.random],
  ]) {
    assert.notEqual(now, was, `${key} is wrapped`);
    assert.equal(now.name, was.name, `${key}.name`);
    assert.equal(now.length, was.length, `${key}.length`);
    assert.equal('prototype' in now, 'prototype' in was, `${key} constructibility`);
  }
  assert.deepEqual(Object.getOwnPropertyDescriptor(Date, 'now'), { value: Date.now, writable: true, enumerable: false, configurable: true });
  assert.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'fetch'), { value: globalThis.fetch, writable: true, enumerable: true, configurable: true });
  // The tracer's identity table names the wrappers (the only Date.now an action can reach).
  const BUILTIN_INDEX = builtinTables().index;
  assert.ok(BUILTIN_INDEX.has(globalThis.fetch));
  assert.ok(BUILTIN_INDEX.has(Date.now));
  assert.ok(BUILTIN_INDEX.has(Math.random));
  assert.ok(!BUILTIN_INDEX.has(original.now));
});

test('without a record the wrappers pass through', async () => {
  const server = await backend();
  try {
    const before = original.now();
    const now = Date.now();
    assert.ok(now >= before && now <= original.now());
    const r = Math.random();
    assert.ok(r >= 0 && r < 1);
    const response = await fetch(server.url('/plain'));
    assert.equal(response.status, 201);
    assert.equal(server.count, 1);
    // A record with nothing to replay changes nothing either.
    await runWithRecord('{"reason":"untraced"}', async () => {
      assert.equal((await fetch(server.url('/x'))).status, 201);
    });
    assert.equal(server.count, 2);
  } finally {
    server.close();
  }
});

test('a recorded fetch is answered from the record, with the Response undici builds for the real one', async () => {
  const server = await backend();
  try {
    const real = await describe(await fetch(server.url('/a'), { method: 'POST', body: 'payload' }));
    assert.equal(server.count, 1);
    const result = recorded(server.url('/a'), 201, 'Very Created', [['x-one', '1'], ['content-type', 'application/json'], ['content-length', '19'], ['connection', 'close']], '{"n":1,"path":"/a"}');
    const record = { reason: 'untraced', effects: [{ fetch: { op: 'fetch', url: server.url('/a'), method: 'post', headers: [], body: 'payload' }, response: result }] };
    const replayed = await runWithRecord(JSON.stringify(record), async () => describe(await fetch(server.url('/a'), { method: 'POST', body: 'payload' })));
    assert.equal(server.count, 1, 'the backend saw no second request');
    assert.deepEqual(replayed, real);
  } finally {
    server.close();
  }
});

test('a compressed recorded body reads back the same, its headers untouched', async () => {
  const server = await backend();
  try {
    const real = await describe(await fetch(server.url('/gz')));
    const body = '{"zipped":true}';
    const result = recorded(server.url('/gz'), 200, 'OK', [['content-encoding', 'gzip'], ['content-type', 'application/json'], ['content-length', String(zlib.gzipSync(body).length)], ['connection', 'close']], body);
    const record = { effects: [{ fetch: { op: 'fetch', url: server.url('/gz'), method: 'GET', headers: [], body: null }, response: result }] };
    const replayed = await runWithRecord(JSON.stringify(record), async () => describe(await fetch(server.url('/gz'))));
    assert.deepEqual(replayed, real);
    assert.equal(server.count, 1);
  } finally {
    server.close();
  }
});

test('replay answers recorded calls in order; a different call ends it and goes to the network', async () => {
  const server = await backend();
  try {
    const one = recorded(server.url('/1'), 200, 'OK', [], 'first');
    const two = recorded(server.url('/2'), 200, 'OK', [], 'second');
    const record = {
      effects: [
        { fetch: { op: 'fetch', url: server.url('/1'), method: 'GET', headers: [], body: null }, response: one },
        { fetch: { op: 'fetch', url: server.url('/2'), method: 'GET', headers: [], body: null }, response: two },
      ],
    };
    const texts = await runWithRecord(JSON.stringify(record), async () => {
      const a = await (await fetch(server.url('/1'))).text();
      const b = await (await fetch(server.url('/other'))).text(); // differs: ends replay
      const c = await (await fetch(server.url('/2'))).text(); // no longer replayed
      return [a, b, c];
    });
    assert.deepEqual(texts, ['first', '{"n":1,"path":"/other"}', '{"n":2,"path":"/2"}']);
    assert.equal(server.count, 2);
  } finally {
    server.close();
  }
});

test('a recorded network failure rejects as undici does', async () => {
  // A port nobody listens on.
  const probe = http.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${probe.address().port}/`;
  await new Promise((r) => probe.close(r));
  const message = `connect ECONNREFUSED 127.0.0.1:${new URL(url).port}`;
  const record = { effects: [{ fetch: { op: 'fetch', url, method: 'GET', headers: [], body: null }, response: { error: message } }] };
  const real = await fetch(url).catch((e) => e);
  const replayed = await runWithRecord(JSON.stringify(record), () => fetch(url).catch((e) => e));
  assert.ok(replayed instanceof TypeError);
  assert.equal(replayed.message, real.message);
  assert.equal(replayed.cause.message, real.cause.message);
  for (const key of ['errno', 'code', 'syscall', 'address', 'port']) assert.equal(replayed.cause[key], real.cause[key], key);
});

test('a recorded redirect gives the final url and redirected', async () => {
  const server = await backend();
  try {
    const result = recorded(server.url('/final'), 200, 'OK', [], 'there');
    const record = { effects: [{ fetch: { op: 'fetch', url: server.url('/start'), method: 'GET', headers: [], body: null }, response: result }] };
    const r = await runWithRecord(JSON.stringify(record), () => fetch(server.url('/start')));
    assert.equal(r.url, server.url('/final'));
    assert.equal(r.redirected, true);
    assert.equal(await r.text(), 'there');
    assert.equal(server.count, 0);
  } finally {
    server.close();
  }
});

test('a recorded redirect chain (effects marked redirect: n) is followed by undici from the record alone', async () => {
  const server = await backend();
  try {
    const call = (url, method) => ({ op: 'fetch', url, method, headers: [], body: method === 'GET' ? null : 'b' });
    const record = {
      effects: [
        { fetch: call(server.url('/start'), 'POST'), response: recorded(server.url('/start'), 302, 'Found', [['location', '/mid']], '') },
        { fetch: call(server.url('/mid'), 'GET'), response: recorded(server.url('/mid'), 307, 'Temporary Redirect', [['location', '/final?x=1']], ''), redirect: 1 },
        { fetch: call(server.url('/final?x=1'), 'GET'), response: recorded(server.url('/final?x=1'), 200, 'OK', [['content-type', 'text/plain']], 'there'), redirect: 2 },
        { fetch: call(server.url('/after'), 'GET'), response: recorded(server.url('/after'), 200, 'OK', [], 'after') },
      ],
    };
    const [r, after] = await runWithRecord(JSON.stringify(record), async () => {
      const first = await describe(await fetch(server.url('/start'), { method: 'POST', body: 'b' }));
      return [first, await (await fetch(server.url('/after'))).text()];
    });
    assert.equal(r.url, server.url('/final?x=1'));
    assert.equal(r.redirected, true);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'there');
    assert.equal(after, 'after', 'the next recorded call is still replayed after the chain');
    assert.equal(server.count, 0);
    // A chain cut short (the native attempt stopped at a redirect): undici goes on on the network.
    const cut = { effects: [{ fetch: call(server.url('/start'), 'GET'), response: recorded(server.url('/start'), 301, 'Moved', [['location', '/there']], '') }] };
    const live = await runWithRecord(JSON.stringify(cut), async () => describe(await fetch(server.url('/start'))));
    assert.equal(live.url, server.url('/there'));
    assert.equal(live.redirected, true);
    assert.equal(JSON.parse(live.body).path, '/there');
    assert.equal(server.count, 1);
  } finally {
    server.close();
  }
});

test('Date.now and Math.random give the recorded values in order, then real ones, per activation', async () => {
  const record = JSON.stringify({ effects: [{ now: 1732680000000 }, { random: 0.25 }, { now: 1732680000005 }] });
  const [a, b] = await Promise.all([
    runWithRecord(record, async () => {
      const first = Date.now();
      await new Promise((r) => setTimeout(r, 5));
      return [first, Math.random(), Date.now(), Date.now() > 1732680000005, Math.random() !== 0.25];
    }),
    // Another activation at the same time sees real values.
    runWithRecord('{"reason":"untraced"}', async () => [Date.now() > 1732680000005, Math.random() !== 0.25]),
  ]);
  assert.deepEqual(a, [1732680000000, 0.25, 1732680000005, true, true]);
  assert.deepEqual(b, [true, true]);
});

test('new Date() and Date() take the recorded clock values as Date.now does, in order; Date is Date otherwise', async () => {
  const record = JSON.stringify({ effects: [{ now: 1732680000000 }, { now: 1732680000005 }, { now: 1732680000010 }] });
  const got = await runWithRecord(record, async () => [new Date().getTime(), Date.now(), Date(), new Date(7).getTime(), new Date().getTime() > 1732680000010]);
  assert.deepEqual(got, [1732680000000, 1732680000005, new original.Date(1732680000010).toString(), 7, true]);
  assert.ok(new Date().getTime() > 1732680000010); // no replay: the real clock
  // A wrapper of the same name, length, prototype and statics; the tracer names it "Date".
  assert.notEqual(Date, original.Date);
  assert.equal(Date.name, 'Date');
  assert.equal(Date.length, 7);
  assert.equal(Date.prototype, original.Date.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(Date, 'prototype'), { value: original.Date.prototype, writable: false, enumerable: false, configurable: false });
  assert.equal(Date.UTC, original.Date.UTC);
  assert.equal(Date.parse, original.Date.parse);
  assert.deepEqual(Reflect.ownKeys(Date), Reflect.ownKeys(original.Date));
  const d = new Date(0);
  assert.ok(d instanceof Date && d instanceof original.Date);
  assert.equal(d.constructor, Date);
  assert.equal(Object.prototype.toString.call(d), '[object Date]');
  class Later extends Date {}
  assert.equal(new Later(5).getTime(), 5);
  assert.ok(new Later() instanceof Later);
  assert.equal(typeof Date(), 'string');
  assert.equal(builtinTables().index.get(Date) !== undefined, true);
});

test('fetching (replayed or live) takes no recorded clock value of the action', async () => {
  const server = await backend();
  try {
    const result = recorded(server.url('/r'), 200, 'OK', [['content-type', 'text/plain']], 'replayed');
    const record = {
      effects: [
        { fetch: { op: 'fetch', url: server.url('/r'), method: 'GET', headers: [], body: null }, response: result },
        { now: 11 },
        { random: 0.5 },
        { now: 12 },
      ],
    };
    const out = await runWithRecord(JSON.stringify(record), async () => {
      const a = await (await fetch(server.url('/r'))).text();
      const b = await (await fetch(server.url('/live'))).text();
      return [a, b, Date.now(), Math.random(), Date.now()];
    });
    assert.deepEqual(out, ['replayed', '{"n":1,"path":"/live"}', 11, 0.5, 12]);
  } finally {
    server.close();
  }
});

test('promise hooks are on only while a replay is in flight (the untraced path pays nothing after a fallback)', () => {
  // A fresh process: the test runner keeps async hooks of its own on.
  const script = `
const ah = require('node:async_hooks');
const { installReplay, runWithRecord } = require(${JSON.stringify(require.resolve('./replay'))});
installReplay();
// With promise hooks on, a promise reaction runs with a non-zero async id.
const probe = () => Promise.resolve().then(() => ah.executionAsyncId());
(async () => {
  const before = await probe();
  const record = JSON.stringify({ effects: [{ now: 5 }, { now: 6 }] });
  const during = [];
  const values = await Promise.all([1, 2].map((ms) => runWithRecord(record, async () => {
    await new Promise((r) => setTimeout(r, ms));
    during.push(await probe());
    return [Date.now(), Date.now()];
  })));
  const after = await probe();
  const thrown = (() => { try { return runWithRecord(record, () => { throw new Error('sync'); }); } catch (e) { return e.message; } })();
  const afterThrow = await probe();
  console.log(JSON.stringify({ before, during: during.every((id) => id > 0), values, after, thrown, afterThrow, now: Date.now() > 6 }));
})();`;
  const out = require('node:child_process').spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), { before: 0, during: true, values: [[5, 6], [5, 6]], after: 0, thrown: 'sync', afterThrow: 0, now: true });
});
