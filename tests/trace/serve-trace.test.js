// End-to-end: `containerless serve --trace` on a unix socket: traced /run, the private trace routes, the fallback header, and plain loading when instrumentation fails.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { test, after } = require('node:test');
const { addonAvailable } = require('./lib');

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'containerless');
const HELLO = fs.readFileSync(path.resolve(__dirname, '..', 'actions', 'hello.js'), 'utf8');
const children = new Set();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

function request(socketPath, method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      { socketPath, method, path: urlPath, headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, text, json: () => JSON.parse(text) });
        });
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Starts the engine on a fresh unix socket; resolves once it answers. */
async function startEngine(args, env = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-trace-'));
  const socket = path.join(dir, 'engine.sock');
  const child = spawn(BIN, ['serve', '--engine', 'node', '--socket', socket, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  let logs = '';
  child.stdout.on('data', (c) => (logs += c));
  child.stderr.on('data', (c) => (logs += c));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await request(socket, 'GET', '/');
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the engine did not listen on ${socket}: ${logs}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    socket,
    logs: () => logs,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      children.delete(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('serve --trace: runs are traced, the trace is served and stopping freezes it', { skip: !addonAvailable() && 'the addon is not built' }, async () => {
  const e = await startEngine(['--trace']);
  try {
    let r = await request(e.socket, 'GET', '/__containerless/trace');
    assert.equal(r.status, 404);
    assert.match(r.json().error, /no action is initialised/);
    assert.equal((await request(e.socket, 'POST', '/init', { value: { main: 'main', code: HELLO } })).status, 200);
    r = await request(e.socket, 'POST', '/run', { value: { name: 'Ann' } });
    assert.deepEqual(r.json(), { payload: 'Hello, Ann from somewhere!' });
    r = await request(e.socket, 'POST', '/run', { value: {} }, { 'X-Containerless-Fallback': '{"reason":"untraced"}' });
    assert.deepEqual(r.json(), { payload: 'Hello, stranger from somewhere!' });
    r = await request(e.socket, 'GET', '/__containerless/trace');
    assert.equal(r.status, 200);
    const trace = r.json();
    assert.equal(trace.version, 1);
    assert.equal(trace.activations, 2);
    assert.equal(trace.entry, 'main');
    r = await request(e.socket, 'POST', '/__containerless/trace/stop');
    assert.deepEqual(r.json(), { OK: true });
    await request(e.socket, 'POST', '/run', { value: { place: 'Oslo' } });
    assert.equal((await request(e.socket, 'GET', '/__containerless/trace')).json().activations, 2);
    assert.equal((await request(e.socket, 'POST', '/__containerless/trace')).status, 405);
  } finally {
    await e.stop();
  }
});

test('without --trace the private routes are not served', async () => {
  const e = await startEngine([]);
  try {
    const r = await request(e.socket, 'GET', '/__containerless/trace');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'Bad request.' });
  } finally {
    await e.stop();
  }
});

test('serve --trace: an action that cannot be instrumented loads plain; the trace route says why', async () => {
  const e = await startEngine(['--trace']);
  try {
    // Valid for V8 inside the engine's wrapper function, refused by acorn in a script: `new.target`
    // outside a function. The action must still load and run as without tracing.
    const code = 'const t = new.target;\nfunction main() { return { t: typeof t }; }';
    assert.equal((await request(e.socket, 'POST', '/init', { value: { main: 'main', code } })).status, 200);
    assert.deepEqual((await request(e.socket, 'POST', '/run', { value: {} })).json(), { t: 'undefined' });
    const r = await request(e.socket, 'GET', '/__containerless/trace');
    assert.equal(r.status, 404);
    assert.match(r.json().error, /could not be instrumented/);
  } finally {
    await e.stop();
  }
});

test('serve --trace with concurrent activations: right answers, every activation merged', { skip: !addonAvailable() && 'the addon is not built' }, async () => {
  const e = await startEngine(['--trace'], { __OW_ALLOW_CONCURRENT: 'true' });
  try {
    const code = [
      'function classify(n) { if (n % 2 === 0) return "even"; return "odd"; }',
      'function wait(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }',
      'function main(p) { const kind = classify(p.n); return wait(p.ms).then(() => ({ n: p.n, kind: classify(p.n) === kind ? kind : "mixed" })); }',
    ].join('\n');
    assert.equal((await request(e.socket, 'POST', '/init', { value: { main: 'main', code } })).status, 200);
    const runs = Array.from({ length: 24 }, (_, n) => request(e.socket, 'POST', '/run', { value: { n, ms: (n * 7) % 13 } }));
    const replies = await Promise.all(runs);
    replies.forEach((r, n) => assert.deepEqual(r.json(), { n, kind: n % 2 === 0 ? 'even' : 'odd' }));
    const trace = (await request(e.socket, 'GET', '/__containerless/trace')).json();
    assert.equal(trace.activations, 24);
    // classify's `if` as main's first call saw both sides, 12 times each.
    const text = JSON.stringify(trace.main);
    assert.match(text, /"taken":\[12,12\]/);
  } finally {
    await e.stop();
  }
});
