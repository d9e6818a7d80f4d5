#!/usr/bin/env node
// Start from the handler cache: spawns a fresh server whose CONTAINERLESS_CACHE_DIR holds the
// action's handler, and times from spawn() to the first /run reply (connect as soon as it listens,
// POST /init, POST /run on the same keep-alive connection). Checks the /run reply (200, the
// expected body, X-Containerless-Engine: native) and, from GET /metrics, that the /init was a cache
// hit and that no Node engine was started. Three launchers, interleaved: the runtime executable
// run directly (as an image without bin/ would), `bin/containerless serve --engine auto` (its sh
// front execs the runtime) and, for comparison, `node bin/containerless serve --engine auto` (the
// Node.js code path, which has to keep a wrapper process around the runtime).
// Prints one JSON line: {runs: [{launcher, listen_ms, init_ms, first_run_ms, ...}]}.
//
// Usage: node start.js REPS INIT-BODY-FILE RUN-BODY EXPECTED-BODY   (env: CONTAINERLESS_CACHE_DIR,
//   BENCH_SERVER_CPU = the core to pin the server to, or empty)
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const [repsArg, initFile, runBody, expected] = process.argv.slice(2);
const reps = Number(repsArg);
const root = path.resolve(__dirname, '..', '..', '..');
const initBody = fs.readFileSync(initFile);
const cpu = process.env.BENCH_SERVER_CPU || '';
let child = null;

function kill() {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}
process.on('exit', kill);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(1));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function connectSoon(port, deadline) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.createConnection(port, '127.0.0.1');
      sock.once('connect', () => resolve(sock));
      sock.once('error', () => {
        sock.destroy();
        if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}) before listening`));
        if (process.hrtime.bigint() > deadline) return reject(new Error('the server did not listen within 10 s'));
        setTimeout(attempt, 1);
      });
    };
    attempt();
  });
}

/** One request on a connected socket; resolves {status, headers (lower-case), body}. */
function request(sock, method, url, body) {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const len = Number(headers['content-length']);
      if (!(len >= 0)) return reject(new Error(`no Content-Length: ${lines[0]}`));
      if (buf.length < end + 4 + len) return;
      sock.off('data', onData);
      sock.off('error', reject);
      resolve({ status: Number(lines[0].split(' ')[1]), headers, body: buf.subarray(end + 4, end + 4 + len).toString('utf8') });
    };
    sock.on('data', onData);
    sock.once('error', reject);
    const b = body ? Buffer.from(body) : Buffer.alloc(0);
    sock.write(`${method} ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n\r\n`);
    if (b.length) sock.write(b);
  });
}

async function once(launcher) {
  const port = await freePort();
  const serveArgs = ['serve', '--engine', 'auto', '--host', '127.0.0.1', '--port', String(port)];
  const cmd = {
    runtime: [path.join(root, 'build', 'actionloop', 'containerless-runtime'), '--exit-with-parent', ...serveArgs.slice(1)],
    serve: [path.join(root, 'bin', 'containerless'), ...serveArgs],
    'node-wrapper': [process.execPath, path.join(root, 'bin', 'containerless'), ...serveArgs],
  }[launcher];
  const argv = cpu ? ['taskset', '-c', cpu, ...cmd] : cmd;
  const t0 = process.hrtime.bigint();
  child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
  try {
    const sock = await connectSoon(port, t0 + 10_000_000_000n);
    sock.setNoDelay(true);
    const listenMs = ms();
    const init = await request(sock, 'POST', '/init', initBody);
    const initMs = ms();
    if (init.status !== 200 || init.body !== '{"OK":true}') throw new Error(`/init answered ${init.status} ${init.body}`);
    const run = await request(sock, 'POST', '/run', runBody);
    const runMs = ms();
    if (run.status !== 200 || run.body !== expected) throw new Error(`/run answered ${run.status} ${run.body}`);
    if (run.headers['x-containerless-engine'] !== 'native') throw new Error(`the first /run was answered by '${run.headers['x-containerless-engine']}', not native`);
    const metrics = (await request(sock, 'GET', '/metrics')).body;
    const metric = (name) => Number((metrics.split('\n').find((l) => l.startsWith(name + ' ')) || '').split(' ')[1]);
    const hits = metric('containerless_cache_hits_total');
    const starts = metric('containerless_node_engine_starts_total');
    if (hits !== 1 || starts !== 0) throw new Error(`metrics after the first /run: cache hits ${hits}, Node engine starts ${starts} (expected 1 and 0)`);
    sock.destroy();
    return { launcher, listen_ms: +listenMs.toFixed(2), init_ms: +initMs.toFixed(2), first_run_ms: +runMs.toFixed(2), cache_hits: hits, node_engine_starts: starts };
  } catch (e) {
    throw new Error(`${launcher}: ${e.message}${stderr ? `; server stderr: ${stderr.slice(0, 500)}` : ''}`);
  } finally {
    const c = child;
    await new Promise((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', resolve);
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 3000).unref();
    });
  }
}

(async () => {
  const runs = [];
  const launchers = ['runtime', 'serve', 'node-wrapper'];
  for (let i = 0; i < reps; i++) {
    // Rotate which launcher goes first, so that none always gets the warmer slot.
    for (let j = 0; j < launchers.length; j++) runs.push(await once(launchers[(i + j) % launchers.length]));
  }
  process.stdout.write(JSON.stringify({ runs }) + '\n');
})().catch((e) => {
  console.error(`start.js: ${e.message}`);
  process.exit(1);
});
