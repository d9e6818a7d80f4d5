// Tests that a recorded network failure replays with the cause undici gives the real one: name, code, errno, syscall, message and own keys.
'use strict';

const { installReplay, runWithRecord } = require('./replay');

installReplay();

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');

/** A server whose routes fail as networks do: /close (closed without an answer), /reset (RST), /continue (a 100 head with headers and nothing after it). */
async function failing() {
  const server = http.createServer((req, res) => {
    if (req.url === '/close') return req.socket.destroy();
    if (req.url === '/reset') return req.socket.resetAndDestroy();
    if (req.url === '/continue') {
      res.writeHead(100, { 'Content-Type': 'text/plain' });
      return res.end('continue');
    }
    return res.end('ok');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.url = (p) => `http://127.0.0.1:${server.address().port}${p}`;
  return server;
}

/** What an action can read of a fetch failure's cause. */
function causeOf(error) {
  assert.ok(error instanceof TypeError, `expected fetch's TypeError, got ${error}`);
  const c = error.cause;
  return { message: error.message, isError: c instanceof Error, name: c.name, code: c.code, errno: c.errno, syscall: c.syscall, hostname: c.hostname, causeMessage: c.message, keys: Object.keys(c), socketKeys: c.socket ? Object.keys(c.socket) : null };
}

/** The real failure of GET url, and its replay from each recorded error text the native host may write for it. */
async function compare(url, texts) {
  const real = causeOf(await fetch(url).then(() => assert.fail('the real fetch did not fail'), (e) => e));
  for (const text of texts) {
    const record = { effects: [{ fetch: { op: 'fetch', url, method: 'GET', headers: [], body: null }, response: { error: text } }] };
    const replayed = causeOf(await runWithRecord(JSON.stringify(record), () => fetch(url).then(() => assert.fail('the replay did not fail'), (e) => e)));
    assert.deepEqual(replayed, real, `replay of ${JSON.stringify(text)}`);
  }
}

test('a connection closed without an answer replays as undici\'s SocketError "other side closed"', async () => {
  const server = await failing();
  try {
    await compare(server.url('/close'), ['other side closed', 'Empty reply from server']);
  } finally {
    server.close();
  }
});

test('a bare 100 Continue answer replays as undici\'s SocketError "bad response"', async () => {
  const server = await failing();
  try {
    await compare(server.url('/continue'), ['bad response']);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a reset connection replays as Node\'s "read ECONNRESET"', async () => {
  const server = await failing();
  try {
    await compare(server.url('/reset'), ['read ECONNRESET', 'Recv failure: Connection reset by peer']);
  } finally {
    server.close();
  }
});

test('a host name that does not resolve replays as Node\'s "getaddrinfo ENOTFOUND host"', async (t) => {
  const url = 'http://no-such-host.invalid/';
  const real = await fetch(url).catch((e) => e);
  if (!(real instanceof TypeError) || !real.cause || real.cause.code !== 'ENOTFOUND') {
    t.skip(`this machine's resolver does not answer ENOTFOUND for ${url} (${real && real.cause && real.cause.code})`);
    return;
  }
  await compare(url, ['getaddrinfo ENOTFOUND: Could not resolve host: no-such-host.invalid']);
});
