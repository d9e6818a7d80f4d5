// Shared helper of the native runtime's end-to-end tests: builds test handlers, spawns servers, talks raw HTTP.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { after } = require('node:test');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'containerless');
const { runtimePath } = require('../../bin/native-runtime');
const RUNTIME = runtimePath();
const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';
const WAIT_MS = 15_000;

/** The action the C test handler (actionloop/test/test_handler.c) stands for. */
const ECHO_ACTION = `function main(args) {
  console.log('hello', args.name);
  console.error('to stderr');
  if (args.abort) return { path: 'node', greeting: 'Hello ' + args.name };
  return { greeting: 'Hello ' + args.name };
}
`;

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** A scratch directory removed when the test file ends. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-rt-test-'));
const live = new Set();
after(async () => {
  const left = [...live];
  for (const s of left) s.kill();
  // Once they are gone, their directories can go too.
  await Promise.all(left.map((s) => Promise.race([s.closed, new Promise((r) => setTimeout(r, 2000))])));
  for (const s of left) fs.rmSync(s.tmpDir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`${left.length} server(s) left running by a test were killed`);
});
process.on('exit', () => {
  for (const s of live) s.kill();
});

function requireRuntime() {
  assert.ok(fs.existsSync(RUNTIME), `the native runtime is not built (${RUNTIME}); run scripts/build.sh`);
}

/**
 * Compiles actionloop/test/test_handler.c into a handler library of `kind` (answer, abort,
 * wrong_version, no_symbol, module_state) claiming `codeSha` as its code_sha256.
 */
function buildHandler(kind, codeSha = sha256(ECHO_ACTION)) {
  const out = path.join(scratch, `handler-${kind}-${codeSha.slice(0, 8)}.so`);
  if (fs.existsSync(out)) return out;
  const cc = process.env.CC || 'cc';
  execFileSync(cc, [
    '-shared', '-fPIC', '-O1', '-o', out,
    `-I${path.join(REPO, 'actionloop', 'src')}`,
    `-DTEST_HANDLER_${kind.toUpperCase()}=1`,
    `-DTEST_CODE_SHA256="${codeSha}"`,
    path.join(REPO, 'actionloop', 'test', 'test_handler.c'),
  ]);
  return out;
}

/** Writes an executable shell script into the scratch directory; returns its path. */
function script(name, text) {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, `#!/bin/sh\n${text}\n`, { mode: 0o755 });
  return file;
}

/**
 * A stand-in for `node` that runs the real Node engine with the private trace endpoints served by
 * tests/runtime/engine-shim.js (until the engine has its own) and records fallback headers.
 */
function shimNode() {
  return script('node-shim', `exec node ${JSON.stringify(path.join(__dirname, 'engine-shim.js'))} "$@"`);
}

let fakeCompilers = 0;

/** A stand-in compiler: records its trace, then copies `handler` (or fails with `exitCode`). */
function fakeCompiler(handler, { exitCode = 0 } = {}) {
  const name = `compiler-${++fakeCompilers}`;
  const record = path.join(scratch, `${name}.traces`);
  const file = script(
    name,
    `cat "$1" >> ${JSON.stringify(record)}; echo >> ${JSON.stringify(record)}
[ "$2" = "-o" ] || exit 64
echo "fake compiler: $1 -> $3"
${exitCode === 0 ? `cp ${JSON.stringify(handler)} "$3"` : `exit ${exitCode}`}`
  );
  return { file, record };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('__OW_') || k.startsWith('CONTAINERLESS_') || k === 'NODE_TEST_CONTEXT' || k === 'NODE_OPTIONS' || k === 'PORT') continue;
    env[k] = v;
  }
  env.CONTAINERLESS_RUNTIME = RUNTIME;
  return env;
}

const countSentinels = (text) => text.split('\n').filter((l) => l === SENTINEL).length;

class Server {
  constructor(child, port, tmpDir, logFile) {
    this.child = child;
    this.pid = child.pid;
    this.port = port;
    this.tmpDir = tmpDir;
    this.logFile = logFile;
    this.chunks = { stdout: [], stderr: [] };
    this.waiters = new Set();
    this.exited = undefined;
    for (const stream of ['stdout', 'stderr']) {
      child[stream].on('data', (c) => {
        this.chunks[stream].push(c);
        this.wake();
      });
    }
    this.closed = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exited = { code, signal };
        live.delete(this);
        this.wake();
        resolve(this.exited);
      });
    });
  }

  get stdout() {
    return Buffer.concat(this.chunks.stdout).toString('utf8');
  }

  get stderr() {
    return Buffer.concat(this.chunks.stderr).toString('utf8');
  }

  /** The runtime's own event log (CONTAINERLESS_LOG_FILE). */
  get events() {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  mark() {
    return { stdout: this.stdout.length, stderr: this.stderr.length };
  }

  since(mark) {
    return { stdout: this.stdout.slice(mark.stdout), stderr: this.stderr.slice(mark.stderr) };
  }

  wake() {
    for (const w of this.waiters) w();
  }

  logs() {
    return `\n--- stdout ---\n${this.stdout.slice(-3000)}\n--- stderr ---\n${this.stderr.slice(-3000)}\n--- events ---\n${this.events.slice(-3000)}`;
  }

  /** Resolves once predicate() holds, re-checking on output, exit, and every 20 ms. */
  waitFor(predicate, what, timeoutMs = WAIT_MS) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let ok = false;
        try {
          ok = predicate();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (ok) {
          done();
          resolve();
        } else if (this.exited) {
          done();
          reject(new Error(`server exited (${JSON.stringify(this.exited)}) while waiting for ${what}${this.logs()}`));
        }
      };
      const poll = setInterval(check, 20);
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}${this.logs()}`));
      }, timeoutMs);
      const done = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  waitForSentinels(n) {
    return this.waitFor(
      () => countSentinels(this.stdout) >= n && countSentinels(this.stderr) >= n,
      `${n} sentinel pair(s)`
    );
  }

  /** One HTTP request on its own connection; checks the protocol's framing of the reply. */
  request(method, urlPath, body, { headers = {}, agent = false } = {}) {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) || typeof body === 'string' ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
    const all = { 'Content-Type': 'application/json', ...headers };
    if (payload !== undefined) all['Content-Length'] = payload.length;
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path: urlPath, headers: all, agent }, (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(parts);
          const text = raw.toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          try {
            // (A reply to HEAD carries its body's length, not the body.)
            if (method !== 'HEAD') assert.equal(Number(res.headers['content-length']), raw.length, `${method} ${urlPath}: Content-Length`);
            else assert.ok(res.headers['content-length'] !== undefined, `${method} ${urlPath}: Content-Length`);
            assert.equal(res.headers['transfer-encoding'], undefined);
          } catch (error) {
            reject(error);
            return;
          }
          resolve({ status: res.statusCode, headers: res.headers, raw, text, json });
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`no reply to ${method} ${urlPath}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  post(urlPath, body, options) {
    return this.request('POST', urlPath, body, options);
  }

  init(code, main = 'main') {
    return this.post('/init', { value: { name: 'test', main, binary: false, code } });
  }

  run(value, context = {}) {
    return this.post('/run', { value, ...context });
  }

  /** GET /metrics parsed into {series: number}. */
  async metrics() {
    const r = await this.request('GET', '/metrics');
    assert.equal(r.status, 200, r.text);
    const out = {};
    for (const line of r.text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const at = line.lastIndexOf(' ');
      out[line.slice(0, at)] = Number(line.slice(at + 1));
    }
    return out;
  }

  async waitForMetric(series, value) {
    const deadline = Date.now() + WAIT_MS;
    let m;
    while (Date.now() < deadline) {
      m = await this.metrics();
      if (m[series] === value) return m;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`metric ${series} never became ${value}: ${JSON.stringify(m)}${this.logs()}`);
  }

  kill() {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    live.delete(this);
  }

  /** SIGTERM; asserts exit 0, no process of its group left, nothing left in its TMPDIR. */
  async stop() {
    if (!this.exited) this.child.kill('SIGTERM');
    let timer;
    const exited = await Promise.race([this.closed, new Promise((r) => (timer = setTimeout(r, WAIT_MS)))]);
    clearTimeout(timer);
    try {
      if (!exited) {
        this.kill();
        assert.fail(`server did not exit after SIGTERM${this.logs()}`);
      }
      assert.deepEqual(exited, { code: 0, signal: null }, `exit status${this.logs()}`);
      // Give the group a moment: the engine child exits right before the runtime does.
      let alive = true;
      for (let i = 0; i < 50 && alive; i++) {
        try {
          process.kill(-this.pid, 0);
          await new Promise((r) => setTimeout(r, 20));
        } catch {
          alive = false;
        }
      }
      if (alive) {
        this.kill();
        assert.fail(`processes of the server's group were left running${this.logs()}`);
      }
      assert.deepEqual(fs.readdirSync(this.tmpDir), [], 'the server left files in its TMPDIR');
    } finally {
      fs.rmSync(this.tmpDir, { recursive: true, force: true });
    }
    return { stdout: this.stdout, stderr: this.stderr };
  }
}

function waitListening(server) {
  const deadline = Date.now() + WAIT_MS;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (server.exited) {
        reject(Object.assign(new Error(`server exited before listening ${JSON.stringify(server.exited)}${server.logs()}`), { exited: server.exited }));
        return;
      }
      const s = net.connect(server.port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`not listening after ${WAIT_MS} ms${server.logs()}`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

/**
 * Spawns `bin/containerless serve --engine ENGINE --port P ...args` in its own process group, with
 * its own TMPDIR and event log; resolves once it listens (or, with expectExit, once it exits).
 */
async function startServer({ engine = 'auto', args = [], env = {}, expectExit = false } = {}) {
  if (engine !== 'node') requireRuntime();
  const port = await freePort();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-rt-tmp-'));
  const logFile = path.join(scratch, `events-${port}-${Date.now()}.log`);
  const extra = engine === 'node' ? {} : { CONTAINERLESS_LOG_FILE: logFile };
  const child = spawn(BIN, ['serve', '--engine', engine, '--port', String(port), ...args], {
    cwd: REPO,
    env: { ...cleanEnv(), TMPDIR: tmpDir, ...extra, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const server = new Server(child, port, tmpDir, logFile);
  live.add(server);
  if (expectExit) {
    await server.closed;
    fs.rmSync(tmpDir, { recursive: true, force: true });
    return server;
  }
  try {
    await waitListening(server);
  } catch (error) {
    server.kill();
    await server.closed;
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
  return server;
}

/** Sends raw bytes on a fresh TCP connection; resolves to everything read until the server closes or `idleMs` passes. */
function rawExchange(port, chunks, { idleMs = 1500, halfClose = false } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const parts = [];
    let timer;
    const finish = (closed) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(parts).toString('latin1'), closed });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    };
    socket.on('data', (c) => {
      parts.push(c);
      arm();
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? finish(true) : reject(e)));
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) break;
        socket.write(c);
        await new Promise((r) => setImmediate(r));
      }
      if (halfClose) socket.end();
      arm();
    });
  });
}

module.exports = {
  BIN,
  ECHO_ACTION,
  REPO,
  RUNTIME,
  SENTINEL,
  buildHandler,
  countSentinels,
  script,
  fakeCompiler,
  rawExchange,
  sha256,
  shimNode,
  startServer,
};
