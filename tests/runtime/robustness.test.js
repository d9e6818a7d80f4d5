// End-to-end: hostile sizes and depths (100,000-deep bodies, 50 MB bodies, cut chunked bodies, stalled heads, 100 MB of logs, million-deep values in a compiled handler) and requests too slow to arrive (node:http's 408) get the Node engine's answer and the server keeps serving.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { test } = require('node:test');
const { REPO, countSentinels, rawExchange, startServer } = require('./harness');

const COMPILER = process.env.CONTAINERLESS_TEST_COMPILER || path.join(REPO, 'build', 'compiler', 'containerless-compile');
const RLIB = path.join(REPO, 'compiler', 'runtime', 'target', 'release', 'libcontainerless_rt.rlib');
const missing = [COMPILER, RLIB].filter((f) => !fs.existsSync(f));
const noCompiler = missing.length > 0 ? `not built: ${missing.join(', ')} (scripts/build.sh builds them)` : false;

const DEPTH = 100_000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);

const ACTION = `function main(args) {
  if (args.log) {
    const line = 'x'.repeat(1023);
    for (let i = 0; i < args.log; i++) console.log(line);
  }
  return { keys: Object.keys(args).length, n: args.n };
}`;

/** The first status line of each reply in raw reply bytes (or '' when nothing came). */
const statusLines = (text) => text.split('\r\n').filter((l) => /^HTTP\/1\.1 \d{3}/.test(l)).map((l) => l.split(' ')[1]);

/** The exchanges every engine must answer as `--engine node` does; each returns a comparable summary. */
const CASES = [
  ['a /init body with a 100,000-deep array beside the code', (s) =>
    s.post('/init', `{"value":{"main":"main","code":${JSON.stringify(ACTION)},"deep":${deepArray}}}`).then((r) => [r.status, r.text])],
  ['a /run value with a 100,000-deep array', (s) => s.post('/run', `{"value":{"x":${deepArray}}}`).then((r) => [r.status, r.text])],
  ['a /run value that is a 100,000-deep object', (s) => s.post('/run', `{"value":${deepObject}}`).then((r) => [r.status, r.text])],
  ['a /run body with a 100,000-deep member beside the value', (s) => s.post('/run', `{"value":{"n":1},"x":${deepArray}}`).then((r) => [r.status, r.text])],
  ['a /run body that is a 100,000-deep array', (s) => s.post('/run', deepArray).then((r) => [r.status, r.text])],
  ['a /run body of 50 MB (over the 48 MB limit)', (s) => {
    const body = Buffer.alloc(50 * 1024 * 1024, 0x20);
    body.write('{"value":{"n":2}}', 0);
    return s.post('/run', body).then((r) => [r.status, r.text]);
  }],
  ['a /run body of 40 MB (under the limit)', (s) => {
    const body = Buffer.alloc(40 * 1024 * 1024, 0x20);
    body.write('{"value":{"n":3}}', 0);
    return s.post('/run', body).then((r) => [r.status, r.text]);
  }],
  ['a chunked body cut short, then a half-close', (s) =>
    rawExchange(s.port, ['POST /run HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', '20\r\n{"value":{"n":'], { halfClose: true, idleMs: 3000 })
      .then((r) => [statusLines(r.text), r.closed])],
  ['a chunked body that stalls mid-chunk (no answer within 1.5 s, connection kept)', (s) =>
    rawExchange(s.port, ['POST /run HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', '20\r\n{"value":{"n":'], { idleMs: 1500 })
      .then((r) => [statusLines(r.text), r.closed])],
  ['a head that stalls (slowloris: no answer within 1.5 s)', (s) =>
    rawExchange(s.port, ['POST /run HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n'], { idleMs: 1500 }).then((r) => [statusLines(r.text), r.closed])],
];

/** Runs every case on a fresh server of `engine`, checking after each that a plain /run still works. */
async function answers(engine) {
  const server = await startServer({ engine, env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const out = {};
  try {
    for (const [name, run] of CASES) {
      out[name] = await run(server);
      const after = await server.run({ n: 9 });
      assert.equal(after.status, 200, `${engine}: after ${name}: ${after.text}${server.logs()}`);
      assert.deepEqual(after.json, { keys: 1, n: 9 });
    }
    // Many slow clients at once do not keep others out.
    const stalls = Array.from({ length: 50 }, () => rawExchange(server.port, ['POST /run HTTP/1.1\r\nHost: x\r\n'], { idleMs: 1000 }));
    const during = await server.run({ n: 10 });
    assert.equal(during.status, 200, during.text);
    await Promise.all(stalls);
  } finally {
    await server.stop();
  }
  return out;
}

test('deep, huge, cut and stalled requests: the runtime answers each as the Node engine does, and keeps serving', async () => {
  const node = await answers('node');
  const auto = await answers('auto');
  for (const [name] of CASES) assert.deepEqual(auto[name], node[name], name);
  // What the Node engine answers, so that the comparison cannot pass on two identical crashes.
  assert.deepEqual(node[CASES[0][0]], [200, '{"OK":true}']);
  assert.deepEqual(node[CASES[4][0]], [200, '{"keys":0}']);
  assert.equal(node[CASES[5][0]][0], 413);
  assert.deepEqual(node[CASES[8][0]], [[], false]);
});

/** Bytes written to stdout after `from`, once they stop growing (the harness's sentinel wait rescans all 100 MB at each write). */
async function settledBytes(server, from) {
  let last = -1;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    if (server.outBytes.stdout === last) break;
    last = server.outBytes.stdout;
  }
  return server.outBytes.stdout - from;
}

test('an action that logs 100 MB: every line written, the same answer as the Node engine, the server keeps serving', async () => {
  const lines = 100 * 1024; // 1 KiB each
  const results = {};
  for (const engine of ['node', 'auto']) {
    const server = await startServer({ engine, env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
    try {
      assert.equal((await server.init(ACTION)).status, 200);
      const mark = server.mark();
      const r = await server.run({ n: 1, log: lines });
      const written = await settledBytes(server, mark.stdout);
      assert.ok(server.bytes('stdout').subarray(-38).toString().endsWith('XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n'));
      results[engine] = { status: r.status, body: r.text, written };
      const after = await server.run({ n: 2 });
      assert.equal(after.status, 200, after.text);
    } finally {
      await server.stop();
    }
  }
  assert.deepEqual(results.auto, results.node);
  assert.equal(results.node.written, lines * 1024 + 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n'.length);
});

/** Waits until the auto server serves /run natively (a handler compiled from its trace). */
async function waitNative(server, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = await server.metrics();
    if (m.containerless_native_ready === 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no native handler${server.logs()}`);
}

const DEEP_ACTION = `function main(args) {
  let x = [];
  for (let i = 0; i < args.n; i++) {
    x = [x];
  }
  const line = 'y'.repeat(1023);
  for (let i = 0; i < args.log; i++) {
    console.log(line);
  }
  const text = JSON.stringify(x);
  const parsed = JSON.parse(args.text);
  console.log(x);
  return { n: args.n, length: text.length, parsed: typeof parsed, x: x };
}`;

/** A /run body for DEEP_ACTION; `extra` is raw JSON text of one more member of the value. */
const deepBody = (n, log, text, extra = '') => `{"value":{"n":${n},"log":${log},"text":${JSON.stringify(text)}${extra}}}`;

test('a compiled handler that builds, parses, logs and returns deep values, or logs 100 MB: the Node engine\'s answers, the server keeps serving', { skip: noCompiler }, async () => {
  const inputs = [
    ['shallow', deepBody(3, 0, '[]')],
    ['a result 600 deep (past JSON.stringify\'s 512)', deepBody(600, 0, '[]')],
    ['a million-deep value (Node.js: RangeError)', deepBody(1_000_000, 0, '[]')],
    ['JSON.parse of text 100,000 deep', deepBody(2, 0, deepArray)],
    ['params with a member 100,000 deep', deepBody(2, 0, '{}', `,"deep":${deepArray}`)],
    ['100 MB of logs', deepBody(2, 100 * 1024, '[]')],
    ['shallow again', deepBody(4, 0, '[]')],
  ];
  const node = await startServer({ engine: 'node' });
  const expected = [];
  try {
    assert.equal((await node.init(DEEP_ACTION)).status, 200);
    for (const [, body] of inputs) {
      const r = await node.post('/run', body);
      expected.push([r.status, r.text]);
    }
  } finally {
    await node.stop();
  }
  // Node.js itself: JSON.stringify of a million-deep array overflows V8's stack (a RangeError);
  // its JSON.parse takes any depth.
  assert.equal(expected[2][0], 502);
  assert.match(expected[2][1], /Maximum call stack size exceeded/);
  assert.match(expected[3][1], /"parsed":"object"/);

  const server = await startServer({ env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2' } });
  let stopped = false;
  try {
    assert.equal((await server.init(DEEP_ACTION)).status, 200);
    for (const body of [deepBody(1, 1, '[]'), deepBody(2, 1, '{}')]) assert.equal((await server.post('/run', body)).status, 200);
    await waitNative(server, 120_000);
    const engines = [];
    for (const [i, [name, body]] of inputs.entries()) {
      const r = await server.post('/run', body);
      engines.push(r.headers['x-containerless-engine']);
      assert.deepEqual([r.status, r.text], expected[i], `${name}${server.logs()}`);
    }
    // The shallow ones natively; the deep ones past the crate's depth limits, or the body
    // reader's, in Node.js.
    assert.deepEqual(engines, ['native', 'node', 'node', 'node', 'node', 'native', 'native'], server.logs());
    const m = await server.metrics();
    assert.ok(m['containerless_native_aborts_by_reason_total{reason="unsupported"}'] >= 3, JSON.stringify(m));
    const logs = await server.stop();
    stopped = true;
    assert.equal(countSentinels(logs.stdout), 2 + inputs.length);
  } finally {
    if (!stopped) await server.stop();
  }
});

const CLOSURE_CHAIN = `function main(args) {
  let f = () => 0;
  for (let i = 0; i < args.n; i++) {
    const g = f;
    f = () => g;
  }
  return { n: args.n, kind: typeof f };
}`;

test('a compiled handler that chains a million closures: answered natively, the server keeps serving', { skip: noCompiler }, async () => {
  const server = await startServer({ env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2' } });
  try {
    assert.equal((await server.init(CLOSURE_CHAIN)).status, 200);
    for (const n of [1, 2]) assert.equal((await server.run({ n })).status, 200);
    await waitNative(server, 120_000);
    for (const n of [1_000_000, 3]) {
      const r = await server.run({ n });
      assert.deepEqual([r.status, r.json, r.headers['x-containerless-engine']], [200, { n, kind: 'function' }, 'native'], server.logs());
    }
  } finally {
    await server.stop();
  }
});

const TIMEOUT_REPLY = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** Sends `chunks` with `gapMs` between them; resolves with the bytes received, whether the server closed, and when. */
function timedExchange(port, chunks, gapMs, waitMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const parts = [];
    const started = Date.now();
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ text: Buffer.concat(parts).toString('latin1'), closed, ms: Date.now() - started });
    };
    socket.on('data', (c) => parts.push(c));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? finish(true) : reject(e)));
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    });
    setTimeout(() => finish(false), waitMs);
  });
}

test('requests that arrive too slowly: node\'s 408 at the same timeouts in both engines, and nothing else', async () => {
  const HEAD_MS = 400;
  const REQUEST_MS = 1000;
  const run = (body) => `POST /run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const body = '{"value":{"n":5}}';
  const cases = [
    ['a head that stalls', ['POST /run HTTP/1.1\r\nHost: x\r\n'], 0, HEAD_MS],
    ['a body that stalls', [run(body).slice(0, -5)], 0, REQUEST_MS],
    ['a body that trickles past the request timeout', [...run(body)].map((_, i, a) => (i === a.length - 12 ? a.slice(0, i).join('') : i > a.length - 12 ? a[i] : '')).filter(Boolean), 150, REQUEST_MS],
    ['a second request that stalls after a first one answered', [run(body) + run(body).slice(0, -3)], 0, REQUEST_MS],
    ['a body that trickles in time', [run(body).slice(0, -3), '5}', '}'], 150, 0],
  ];
  const results = {};
  for (const engine of ['node', 'auto']) {
    const server = await startServer({
      engine,
      env: { CONTAINERLESS_COMPILE_AFTER: '0', CONTAINERLESS_REQUEST_TIMEOUT_MS: String(HEAD_MS), CONTAINERLESS_BODY_TIMEOUT_MS: String(REQUEST_MS) },
    });
    try {
      assert.equal((await server.init(ACTION)).status, 200);
      results[engine] = await Promise.all(cases.map(async ([name, chunks, gap, timeout]) => {
        const r = await timedExchange(server.port, chunks, gap, timeout + 3000);
        const timedOut = r.text.endsWith(TIMEOUT_REPLY);
        if (timedOut) {
          // node checks every half timeout: between the timeout and 1.5 times it, plus slack for a busy machine.
          assert.ok(r.ms >= timeout - 50 && r.ms < timeout * 1.5 + 1500, `${engine}: ${name}: 408 after ${r.ms} ms`);
          assert.ok(r.closed, `${engine}: ${name}: closed after the 408`);
        }
        // Every status line, also one right behind a body (no CRLF between them).
        return [name, [...r.text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]), timedOut, r.closed];
      }));
      const after = await server.run({ n: 9 });
      assert.equal(after.status, 200, after.text);
    } finally {
      await server.stop();
    }
  }
  assert.deepEqual(results.auto, results.node);
  // What node:http does, so that the comparison cannot pass on two servers that never time out.
  assert.deepEqual(results.node.map(([, lines, timedOut]) => [lines, timedOut]), [
    [['408'], true], [['408'], true], [['408'], true], [['200', '408'], true], [['200'], false],
  ]);
});
