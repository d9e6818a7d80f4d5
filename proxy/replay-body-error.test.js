// Tests that a recorded response whose body the network cut short (`body_error`) replays as undici gives the real one: fetch resolves, the body's first bytes read, then every body read rejects with TypeError "terminated" and the same cause.
'use strict';

const { installReplay, runWithRecord } = require('./replay');

installReplay();

const test = require('node:test');
const assert = require('node:assert/strict');
const { cuttingServer: cutting } = require('../tests/lib/cutting-server');

/** What an action can read of an error: its class and message, and its cause's shape. */
function describe(error) {
  const c = error.cause;
  return {
    isTypeError: error instanceof TypeError,
    message: error.message,
    cause: c === undefined ? null : { isError: c instanceof Error, name: c.name, message: c.message, code: c.code, errno: c.errno, syscall: c.syscall, keys: Object.keys(c), socketKeys: c.socket ? Object.keys(c.socket) : null },
  };
}

/** Actions that look at such a response in different ways; each returns what it saw. */
const actions = {
  async head(url) {
    const r = await fetch(url);
    return { ok: r.ok, status: r.status, statusText: r.statusText, length: r.headers.get('content-length'), bodyUsed: r.bodyUsed };
  },
  async text(url) {
    const r = await fetch(url);
    return r.text().then((t) => ({ resolved: t }), (e) => describe(e));
  },
  async json(url) {
    const r = await fetch(url);
    return r.json().then((v) => ({ resolved: v }), (e) => describe(e));
  },
  async arrayBufferLater(url) {
    const r = await fetch(url);
    await new Promise((resolve) => setTimeout(resolve, 60));
    return r.arrayBuffer().then((b) => ({ resolved: b.byteLength }), (e) => describe(e));
  },
  async firstChunk(url) {
    const r = await fetch(url);
    const reader = r.body.getReader();
    const first = await reader.read();
    const next = await reader.read().then((n) => ({ resolved: n.done }), (e) => describe(e));
    return { first: Buffer.from(first.value).toString('latin1'), next };
  },
};

/** The record the native host writes for GET url (actionloop/src/fetch_request.cc). */
function recordOf(url, bodyError) {
  const response = { status: 200, statusText: 'OK', url, headers: [['content-length', '100']], body_b64: Buffer.from('partial').toString('base64'), body_error: bodyError };
  return JSON.stringify({ reason: 'throw', effects: [{ fetch: { op: 'fetch', url, method: 'GET', headers: [], body: null }, response }] });
}

async function compare(path, bodyError) {
  const server = await cutting();
  try {
    for (const [name, action] of Object.entries(actions)) {
      const url = server.url(path);
      const real = await action(url);
      const before = server.requests;
      const replayed = await runWithRecord(recordOf(url, bodyError), () => action(url));
      assert.deepEqual(replayed, real, `${name} of ${path}`);
      // The replay answered from the record: no request reached the server.
      assert.equal(server.requests, before);
    }
  } finally {
    server.close();
  }
}

test('a body closed short after the head: fetch resolves, reads reject "terminated" by SocketError "other side closed"', async () => {
  await compare('/close', 'other side closed');
});

test('a body reset after the head: fetch resolves, reads reject "terminated" by "read ECONNRESET"', async () => {
  await compare('/reset', 'read ECONNRESET');
});

test('the real outcome is what the replay is held to: fetch resolved and the read failed', async () => {
  const server = await cutting();
  try {
    const head = await actions.head(server.url('/close'));
    assert.deepEqual(head, { ok: true, status: 200, statusText: 'OK', length: '100', bodyUsed: false });
    const text = await actions.text(server.url('/reset'));
    assert.equal(text.message, 'terminated');
    assert.equal(text.cause.code, 'ECONNRESET');
  } finally {
    server.close();
  }
});
