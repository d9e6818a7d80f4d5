// End-to-end: malformed, truncated, oversized and hostile input is answered, and the runtime keeps serving.
'use strict';

const assert = require('node:assert/strict');
const net = require('node:net');
const { test } = require('node:test');
const { ECHO_ACTION, buildHandler, countSentinels, rawExchange, startServer } = require('./harness');

const SLOW = `function main(args) {
  console.log('run', args.n);
  return new Promise((resolve) => setTimeout(() => resolve({ n: args.n }), args.ms || 0));
}`;

function runRequest(value, extra = '') {
  const body = JSON.stringify({ value });
  return `POST /run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

/** Splits raw reply bytes into {status, body} per reply (Content-Length framed). */
function parseReplies(text) {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = rest.slice(0, end);
    const length = Number(/content-length: (\d+)/i.exec(head)[1]);
    out.push({ status: Number(head.split(' ')[1]), head, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

async function assertServing(server, n) {
  const r = await server.run({ n });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { n });
}

for (const engine of ['auto', 'native']) {
  const start = async () => {
    if (engine === 'auto') {
      const server = await startServer({ args: ['--body-limit', '1'], env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
      assert.equal((await server.init(SLOW)).status, 200);
      return server;
    }
    const server = await startServer({ engine, args: ['--handler', buildHandler('answer'), '--body-limit', '1'] });
    assert.equal((await server.init(ECHO_ACTION)).status, 200);
    server.run = (value) => server.post('/run', { value: { name: String(value.n) } }).then((r) => {
      if (r.status === 200) r.json = { n: value.n };
      return r;
    });
    return server;
  };

  test(`${engine}: malformed HTTP gets 400 and a closed connection; others are unharmed`, async () => {
    const server = await start();
    const keeper = new net.Socket();
    await new Promise((resolve) => keeper.connect(server.port, '127.0.0.1', resolve));
    for (const garbage of [
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00]),
      'HELLO WORLD\r\n\r\n',
      'POST /run HTTP/1.1\r\nContent-Length: nope\r\n\r\n',
      'POST /run HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      'POST /run HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n',
      `POST /run HTTP/1.1\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`,
      '\r\n\r\n\r\n\0\0\0',
    ]) {
      const r = await rawExchange(server.port, [garbage]);
      assert.ok(r.closed, `connection left open after ${JSON.stringify(String(garbage).slice(0, 40))}`);
      const [reply] = parseReplies(r.text);
      assert.equal(reply.status, 400, r.text);
      assert.match(JSON.parse(reply.body).error, /^Malformed HTTP request: /);
    }
    await assertServing(server, 1);
    keeper.destroy();
    await server.stop();
  });

  test(`${engine}: truncated requests are answered or dropped, never fatal`, async () => {
    const server = await start();
    // Cut short, then the client half-closes: 400 and close.
    const cut = await rawExchange(server.port, ['POST /run HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"val'], { halfClose: true });
    assert.ok(cut.closed);
    assert.equal(parseReplies(cut.text)[0].status, 400);
    // Cut short in the head, then the client vanishes.
    await new Promise((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => {
        s.write('POST /run HTTP/1.1\r\nContent-Le');
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 50);
      });
    });
    // A complete request then a half-close: answered, then closed.
    const whole = await rawExchange(server.port, [runRequest({ n: 5, name: '5' })], { halfClose: true });
    assert.ok(whole.closed);
    assert.equal(parseReplies(whole.text)[0].status, 200, whole.text);
    await assertServing(server, 2);
    await server.stop();
  });

  test(`${engine}: bodies over the limit get 413 and the body is drained`, async () => {
    const server = await start();
    const huge = await server.post('/run', Buffer.alloc(1024 * 1024 + 1, 0x20));
    assert.equal(huge.status, 413);
    assert.deepEqual(huge.json, { error: 'Request body exceeds the limit of 1 MB.' });
    // Declared too large, sent in full with Connection: close: answered once read, then closed.
    const declared = await rawExchange(server.port, [
      'POST /run HTTP/1.1\r\nConnection: close\r\nContent-Length: 2097152\r\n\r\n',
      Buffer.alloc(2097152, 0x20),
    ]);
    assert.ok(declared.closed);
    assert.deepEqual(parseReplies(declared.text).map((r) => r.status), [413]);
    // Declared too large and never sent: nothing to answer yet, and the server is unharmed.
    const never = await rawExchange(server.port, ['POST /run HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\nabc'], { idleMs: 300 });
    assert.equal(never.text, '');
    // Chunked past the limit; then a second request on the same connection is still answered.
    const chunk = 'x'.repeat(600 * 1024);
    const size = chunk.length.toString(16);
    const chunked = await rawExchange(server.port, [
      'POST /run HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n',
      `${size}\r\n${chunk}\r\n`,
      `${size}\r\n${chunk}\r\n`,
      '0\r\n\r\n',
      runRequest({ n: 9, name: '9' }),
    ]);
    const replies = parseReplies(chunked.text);
    assert.deepEqual(replies.map((r) => r.status), [413, 200], chunked.text.slice(0, 500));
    // A byte-order mark is dropped, as the Node engine does.
    const bom = await server.post('/run', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"value":{"n":4,"name":"4"}}')]));
    assert.equal(bom.status, 200, bom.text);
    // Exactly the limit is fine (a body of blanks then {} is valid JSON).
    const fits = await server.post('/run', `${' '.repeat(1024 * 1024 - 2)}{}`);
    assert.equal(fits.status, 200, fits.text + server.logs());
    await assertServing(server, 3);
    await server.stop();
  });

  test(`${engine}: pipelined requests are answered in order; 100-continue is honoured`, async () => {
    const server = await start();
    const r = await rawExchange(server.port, [
      runRequest({ n: 1, name: '1', ms: 30 }) + runRequest({ n: 2, name: '2' }) + 'GET /metrics HTTP/1.1\r\n\r\n' + runRequest({ n: 3, name: '3' }),
    ]);
    const replies = parseReplies(r.text);
    assert.deepEqual(replies.map((x) => x.status), [200, 200, 200, 200], r.text);
    const names = [0, 1, 3].map((i) => replies[i].body);
    if (engine === 'auto') assert.deepEqual(names.map((b) => JSON.parse(b).n), [1, 2, 3]);
    else assert.deepEqual(names.map((b) => JSON.parse(b).greeting), ['Hello 1', 'Hello 2', 'Hello 3']);
    assert.match(replies[2].body, /containerless_activations_total/);

    const body = JSON.stringify({ value: { n: 4, name: '4' } });
    const cont = await new Promise((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => {
        s.write(`POST /run HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`);
      });
      let text = '';
      s.on('data', (c) => {
        text += c;
        if (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && !s.sent) {
          s.sent = true;
          s.write(body);
        }
        if (parseReplies(text.replace('HTTP/1.1 100 Continue\r\n\r\n', '')).length === 1) {
          s.destroy();
          resolve(text);
        }
      });
    });
    assert.match(cont, /^HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 200 OK\r\n/);
    await server.stop();
  });

  test(`${engine}: clients that vanish mid-activation and floods of connections do not harm the server`, async () => {
    const server = await start();
    // The client leaves while its activation runs: the activation still ends with its sentinels.
    await new Promise((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => {
        s.write(runRequest({ n: 7, name: '7', ms: 200 }));
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 20);
      });
    });
    const sockets = [];
    for (let i = 0; i < 100; i++) sockets.push(net.connect(server.port, '127.0.0.1'));
    await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))));
    for (const s of sockets) s.write(Buffer.from('GET /met'));
    await Promise.all(Array.from({ length: 20 }, () => server.request('GET', '/metrics')));
    for (const s of sockets) s.destroy();
    await server.waitForSentinels(1);
    await assertServing(server, 8);
    const logs = await server.stop();
    assert.equal(countSentinels(logs.stdout), 2);
    assert.equal(countSentinels(logs.stderr), 2);
  });
}

test('a request that never completes gets node\'s 408; an idle keep-alive connection is closed', async () => {
  const server = await startServer({
    engine: 'native',
    args: ['--handler', buildHandler('answer')],
    env: { CONTAINERLESS_REQUEST_TIMEOUT_MS: '300', CONTAINERLESS_BODY_TIMEOUT_MS: '600', CONTAINERLESS_IDLE_TIMEOUT_MS: '600' },
  });
  const started = Date.now();
  // A head that never completes (the headers timeout), then a body that stalls (the request timeout).
  for (const partial of ['POST /run HTTP/1.1\r\nContent-Le', 'POST /run HTTP/1.1\r\nContent-Length: 10\r\n\r\n{']) {
    const slow = await rawExchange(server.port, [partial], { idleMs: 5000 });
    assert.ok(slow.closed);
    assert.equal(slow.text, 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  }
  const idle = await rawExchange(server.port, ['GET /metrics HTTP/1.1\r\n\r\n'], { idleMs: 5000 });
  assert.ok(idle.closed, 'idle connection closed by the server');
  assert.equal(parseReplies(idle.text)[0].status, 200);
  assert.ok(Date.now() - started < 6000);
  assert.equal((await server.init(ECHO_ACTION)).status, 200);
  await server.stop();
});
