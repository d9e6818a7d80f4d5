// Shared helper of the protocol tests: spawns `bin/containerless serve --engine node`, talks HTTP to it, watches its logs.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFile, spawn } = require('node:child_process');
const { after } = require('node:test');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'containerless');
const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';
/** The protocol's body limit: 48 MiB (the stock runtime's body-parser "48mb"). */
const BODY_LIMIT = 48 * 1024 * 1024;

const DEFAULT_WAIT_MS = 10_000;

/** Every server started in this test process and not stopped yet (stopped by the safety net below). */
const live = new Set();

// Safety net: a test that failed before stopping its server must not leave the process behind (the
// servers run in their own process group, so they would outlive the test runner) or keep this test
// file's event loop alive. A test that passed stops its servers itself, with assertions.
after(() => {
  const left = [...live];
  for (const server of left) server.kill();
  if (left.length > 0) {
    throw new Error(`${left.length} server(s) were left running by a test and have been killed`);
  }
});
process.on('exit', () => {
  for (const server of live) server.kill();
});

/** Resolves to a TCP port that was free a moment ago. */
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

/** Counts the lines of `text` that are exactly the sentinel. */
function countSentinels(text) {
  return text.split('\n').filter((line) => line === SENTINEL).length;
}

/** An environment for the server: this process's, minus anything that would change the engine's behaviour. */
function baseEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // __OW_* is protocol input; NODE_TEST_CONTEXT and NODE_OPTIONS belong to the test runner.
    if (key.startsWith('__OW_') || key === 'NODE_TEST_CONTEXT' || key === 'NODE_OPTIONS' || key === 'PORT') continue;
    env[key] = value;
  }
  return env;
}

class Server {
  constructor(child, port, tmpDir) {
    this.child = child;
    this.pid = child.pid;
    this.port = port;
    this.tmpDir = tmpDir;
    this.out = { stdout: [], stderr: [] };
    this.outBytes = { stdout: 0, stderr: 0 };
    this.waiters = new Set();
    this.exited = undefined; // {code, signal} once the process is gone and its streams are closed
    this.stopped = false;
    for (const stream of ['stdout', 'stderr']) {
      child[stream].on('data', (chunk) => {
        this.out[stream].push(chunk);
        this.outBytes[stream] += chunk.length;
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

  /** Raw bytes written so far to `stream` ('stdout' or 'stderr'). */
  bytes(stream) {
    const buffer = Buffer.concat(this.out[stream]);
    this.out[stream] = [buffer];
    return buffer;
  }

  get stdout() {
    return this.bytes('stdout').toString('utf8');
  }

  get stderr() {
    return this.bytes('stderr').toString('utf8');
  }

  /** Sentinel lines seen so far on each stream. */
  sentinels() {
    return { stdout: countSentinels(this.stdout), stderr: countSentinels(this.stderr) };
  }

  /** Where the logs are now; `since(mark)` returns what was written after it. */
  mark() {
    return { ...this.outBytes };
  }

  since(mark) {
    return {
      stdout: this.bytes('stdout').subarray(mark.stdout).toString('utf8'),
      stderr: this.bytes('stderr').subarray(mark.stderr).toString('utf8'),
    };
  }

  wake() {
    for (const waiter of this.waiters) waiter();
  }

  /**
   * Resolves once `predicate()` is true, re-checking whenever the server writes output or exits.
   * Rejects after `timeoutMs` with `what` and the logs so far.
   */
  waitFor(predicate, what, timeoutMs = DEFAULT_WAIT_MS) {
    return new Promise((resolve, reject) => {
      let timer;
      const check = () => {
        let ok;
        try {
          ok = predicate();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (ok) {
          finish();
          resolve();
        } else if (this.exited) {
          finish();
          reject(new Error(`server exited (${JSON.stringify(this.exited)}) while waiting for ${what}${this.logs()}`));
        }
      };
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.logs()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits until both stdout and stderr hold at least `n` sentinel lines. */
  waitForSentinels(n, timeoutMs) {
    return this.waitFor(
      () => {
        const s = this.sentinels();
        return s.stdout >= n && s.stderr >= n;
      },
      `${n} sentinel(s) on stdout and stderr`,
      timeoutMs
    );
  }

  /** Waits until `stream` contains `text`. */
  waitForText(stream, text, timeoutMs) {
    return this.waitFor(() => this[stream].includes(text), `${JSON.stringify(text)} on ${stream}`, timeoutMs);
  }

  logs() {
    const clip = (s) => (s.length > 4000 ? `${s.slice(0, 4000)}...` : s);
    return `\n--- stdout ---\n${clip(this.stdout)}\n--- stderr ---\n${clip(this.stderr)}`;
  }

  /**
   * One HTTP request. `body` is a Buffer/string sent as is, or anything else sent as JSON.
   * `chunks` (an array of Buffers) sends the body with chunked transfer-encoding instead.
   * `agent` is an http.Agent to reuse connections; by default each request has its own connection.
   * Resolves to {status, headers, raw (Buffer), text, json (undefined when not JSON)}.
   * Every reply is checked for the protocol's framing: a Content-Length that matches the body and
   * no chunked transfer-encoding (the invoker treats anything else as a crashed container).
   */
  request(method, urlPath, body, { headers = {}, chunks, agent = false, timeoutMs = 30_000 } = {}) {
    let payload;
    if (body === undefined) payload = undefined;
    else if (Buffer.isBuffer(body) || typeof body === 'string') payload = Buffer.from(body);
    else payload = Buffer.from(JSON.stringify(body), 'utf8');
    const allHeaders = { 'Content-Type': 'application/json', ...headers };
    if (payload !== undefined) allHeaders['Content-Length'] = payload.length;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method, path: urlPath, headers: allHeaders, agent },
        (res) => {
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
            const reply = { status: res.statusCode, httpVersion: res.httpVersion, headers: res.headers, raw, text, json };
            try {
              assertFramed(reply, `${method} ${urlPath}`);
            } catch (error) {
              reject(error);
              return;
            }
            resolve(reply);
          });
        }
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no reply to ${method} ${urlPath} within ${timeoutMs} ms`)));
      req.on('error', reject);
      if (chunks) {
        (async () => {
          for (const chunk of chunks) {
            if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          }
          req.end();
        })().catch(reject);
      } else {
        req.end(payload);
      }
    });
  }

  post(urlPath, body, options) {
    return this.request('POST', urlPath, body, options);
  }

  /** POST /init with `value` as the body's value. */
  init(value) {
    return this.post('/init', { value });
  }

  /** POST /run with `value` and the context fields of `context` at the top level. */
  run(value, context = {}) {
    return this.post('/run', { value, ...context });
  }

  /** POST /init and asserts the protocol's success reply. */
  async initOk(value) {
    const r = await this.init(value);
    assert.equal(r.status, 200, `/init failed: ${r.text}${this.logs()}`);
    assert.deepEqual(r.json, { OK: true });
    return r;
  }

  /** Sends SIGKILL to the server's process group and removes its TMPDIR (safety net only). */
  kill() {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    live.delete(this);
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /**
   * Stops the server with SIGTERM and asserts that it exits with code 0, that no process of its
   * group is left behind and that it left nothing in its TMPDIR. Resolves to {stdout, stderr},
   * the complete logs.
   */
  async stop(timeoutMs = DEFAULT_WAIT_MS) {
    assert.ok(!this.stopped, 'server stopped twice');
    this.stopped = true;
    if (!this.exited) this.child.kill('SIGTERM');
    let timer;
    const exited = await Promise.race([
      this.closed,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!exited) {
      this.kill();
      assert.fail(`server did not exit within ${timeoutMs} ms of SIGTERM${this.logs()}`);
    }
    assert.deepEqual(exited, { code: 0, signal: null }, `server exit status${this.logs()}`);
    // The server was spawned as a process-group leader: an empty group means nothing it started survived.
    let groupAlive = true;
    try {
      process.kill(-this.pid, 0);
    } catch (error) {
      assert.equal(error.code, 'ESRCH');
      groupAlive = false;
    }
    if (groupAlive) {
      this.kill();
      assert.fail(`processes of the server's group (${this.pid}) were still running after it exited`);
    }
    const leftovers = fs.readdirSync(this.tmpDir);
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
    assert.deepEqual(leftovers, [], 'the server left files in its TMPDIR');
    return { stdout: this.stdout, stderr: this.stderr };
  }
}

/**
 * Asserts what the protocol demands of every reply: HTTP/1.1, a Content-Length that is present and
 * exact, nothing chunked, not 204. And never 503: the invoker would run the activation again
 * elsewhere, and no request of this suite is one that a re-run elsewhere would fix.
 */
function assertFramed(reply, what) {
  assert.equal(reply.httpVersion, '1.1', `${what}: reply over HTTP/${reply.httpVersion}`);
  assert.notEqual(reply.status, 503, `${what}: 503 reply (the invoker would re-run the activation)`);
  const length = reply.headers['content-length'];
  assert.ok(length !== undefined, `${what}: reply without Content-Length (status ${reply.status})`);
  assert.equal(reply.headers['transfer-encoding'], undefined, `${what}: reply with Transfer-Encoding`);
  assert.equal(Number(length), reply.raw.length, `${what}: Content-Length does not match the body`);
  assert.notEqual(reply.status, 204, `${what}: 204 reply`);
}

/** Asserts that the complete logs of a stopped server hold exactly `n` sentinel lines on each stream. */
function assertSentinelPairs(logs, n, what = 'sentinels') {
  assert.equal(countSentinels(logs.stdout), n, `${what}: sentinels on stdout\n--- stdout ---\n${logs.stdout}`);
  assert.equal(countSentinels(logs.stderr), n, `${what}: sentinels on stderr\n--- stderr ---\n${logs.stderr}`);
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or rejects when `server` exits first. */
function waitForListening(server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (server.exited) {
        reject(Object.assign(new Error(`server exited before listening: ${JSON.stringify(server.exited)}${server.logs()}`), { exited: server.exited }));
        return;
      }
      const socket = net.connect(server.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`server not listening on ${server.port} after ${timeoutMs} ms${server.logs()}`));
        // Connection refused: the server is still starting. Retry shortly (bounded by the deadline).
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

/**
 * Spawns `bin/containerless serve --engine node --port P` on a free port with `env` added to a
 * clean environment, and resolves once it accepts connections. Each server gets its own TMPDIR,
 * checked for leftovers by stop().
 */
async function startServer({ env = {}, args = [], timeoutMs = DEFAULT_WAIT_MS } = {}) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-proto-tmp-'));
    const child = spawn(BIN, ['serve', '--engine', 'node', '--port', String(port), ...args], {
      cwd: REPO,
      env: { ...baseEnv(), TMPDIR: tmpDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stop() can tell whether anything survived it
    });
    const server = new Server(child, port, tmpDir);
    live.add(server);
    try {
      await waitForListening(server, timeoutMs);
      return server;
    } catch (error) {
      server.kill();
      await server.closed;
      fs.rmSync(tmpDir, { recursive: true, force: true });
      // Another process took the port between freePort() and the bind: try another one.
      if (error.exited && error.exited.code === 1 && /cannot listen/.test(server.stderr) && attempt < 5) continue;
      throw error;
    }
  }
}

/** Starts a server and initialises it with a text action; resolves to the server. */
async function startWithAction(code, { main = 'main', env, initEnv } = {}) {
  const server = await startServer({ env });
  try {
    const value = { name: 'test', main, binary: false, code };
    if (initEnv !== undefined) value.env = initEnv;
    await server.initOk(value);
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

function execFileAsync(file, args, options) {
  return new Promise((resolve, reject) => {
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Writes `files` ({relative path: content}) into a fresh directory; returns the directory. */
function writeTree(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-proto-src-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** Builds a zip of `files` with the `zip` command; resolves to its base64 text. */
async function makeZip(files) {
  const dir = writeTree(files);
  const out = `${dir}.zip`;
  try {
    await execFileAsync('zip', ['-q', '-r', out, '.'], { cwd: dir });
    return fs.readFileSync(out).toString('base64');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { force: true });
  }
}

/** Builds a tar.gz of `files` with the `tar` command; resolves to its base64 text. */
async function makeTarGz(files) {
  const dir = writeTree(files);
  const out = `${dir}.tar.gz`;
  try {
    await execFileAsync('tar', ['-czf', out, '-C', dir, '.']);
    return fs.readFileSync(out).toString('base64');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { force: true });
  }
}

module.exports = {
  BIN,
  BODY_LIMIT,
  REPO,
  SENTINEL,
  assertSentinelPairs,
  countSentinels,
  freePort,
  makeTarGz,
  makeZip,
  startServer,
  startWithAction,
};
