// Shared by the protocol and runtime end-to-end suites: spawns a `containerless serve` on a free port, captures its logs, talks HTTP to it, stops it with checks.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { after } = require('node:test');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

/** Every server started in this test process and not stopped yet (stopped by the safety net below). */
const live = new Set();
/** What the suites' harnesses clean up after the safety net (scratch directories). */
const cleanups = [];

// Safety net: a test that failed before stopping its server must not leave the process behind (the
// servers run in their own process group, so they would outlive the test runner) or keep this test
// file's event loop alive. A test that passed stops its servers itself, with assertions.
after(async () => {
  const left = [...live];
  for (const server of left) server.kill();
  // Once they are gone, their directories can go too.
  await Promise.all(left.map((s) => Promise.race([s.closed, new Promise((r) => setTimeout(r, 2000))])));
  for (const server of left) fs.rmSync(server.tmpDir, { recursive: true, force: true });
  for (const cleanup of cleanups) cleanup();
  if (left.length > 0) {
    throw new Error(`${left.length} server(s) were left running by a test and have been killed`);
  }
});
process.on('exit', () => {
  for (const server of live) server.kill();
});

/** Runs `fn` when the test file ends, after the safety net has stopped any server left running. */
function onCleanup(fn) {
  cleanups.push(fn);
}

// Ports handed out by this process, never handed out twice.
const handedOut = new Set();

/**
 * Resolves to a TCP port that was free a moment ago. Chosen below Linux's ephemeral range
 * (32768 and up), from a block of this process's own (its pid picks one of 60 blocks of 200),
 * and never twice in one process: with the kernel's port-0 choice, two test files running at
 * once were sometimes given the same port, and a server that lost the race to bind it left its
 * test talking to the other file's server (an /init answered "System not ready").
 */
async function freePort() {
  const base = 20000 + (process.pid % 60) * 200;
  for (let tries = 0; tries < 400; tries++) {
    const port = base + Math.floor(Math.random() * 200);
    if (handedOut.has(port)) continue;
    if (await portIsFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${base}..${base + 199}`);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Counts the lines of `text` that are exactly the sentinel. */
function countSentinels(text) {
  return text.split('\n').filter((line) => line === SENTINEL).length;
}

/**
 * An environment for the server: this process's, minus anything that would change its behaviour:
 * __OW_* is protocol input; NODE_TEST_CONTEXT and NODE_OPTIONS belong to the test runner; PORT and
 * any variable starting with one of `dropPrefixes` are the suite's to set.
 */
function cleanEnv(dropPrefixes = []) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('__OW_') || dropPrefixes.some((p) => key.startsWith(p))) continue;
    if (key === 'NODE_TEST_CONTEXT' || key === 'NODE_OPTIONS' || key === 'PORT') continue;
    env[key] = value;
  }
  return env;
}

/**
 * One spawned server. Options: `waitMs` (default timeout of waits and of stop), `pollMs` (waits
 * also re-check on this period, for predicates on things other than the server's output; 0: only
 * on output and exit), `groupGraceMs` (how long stop() lets the server's process group empty after
 * the server exited). Subclasses check each reply in checkReply().
 */
class Server {
  constructor(child, port, tmpDir, { waitMs = 10_000, pollMs = 0, groupGraceMs = 0 } = {}) {
    this.child = child;
    this.pid = child.pid;
    this.port = port;
    this.tmpDir = tmpDir;
    this.waitMs = waitMs;
    this.pollMs = pollMs;
    this.groupGraceMs = groupGraceMs;
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
   * Resolves once `predicate()` is true, re-checking whenever the server writes output or exits
   * (and every pollMs). Rejects after `timeoutMs` with `what` and the logs so far.
   */
  waitFor(predicate, what, timeoutMs = this.waitMs) {
    return new Promise((resolve, reject) => {
      let timer;
      let poll;
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
        clearInterval(poll);
        this.waiters.delete(check);
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.logs()}`));
      }, timeoutMs);
      if (this.pollMs > 0) poll = setInterval(check, this.pollMs);
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

  /** Asserts what the suite demands of every reply; throws to fail the request. */
  checkReply(_reply, _method, _urlPath) {}

  /**
   * One HTTP request. `body` is a Buffer/string sent as is, or anything else sent as JSON.
   * `chunks` (an array of Buffers) sends the body with chunked transfer-encoding instead.
   * `agent` is an http.Agent to reuse connections; by default each request has its own connection.
   * Resolves to {status, httpVersion, headers, raw (Buffer), text, json (undefined when not JSON)},
   * once checkReply() accepted it.
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
              this.checkReply(reply, method, urlPath);
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

  /** POST /run with `value` and the context fields of `context` at the top level. */
  run(value, context = {}) {
    return this.post('/run', { value, ...context });
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

  /** Whether any process of the server's group is running (the server was its group's leader). */
  groupAlive() {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch (error) {
      assert.equal(error.code, 'ESRCH');
      return false;
    }
  }

  /**
   * Stops the server with SIGTERM and asserts that it exits with code 0, that no process of its
   * group is left behind (within groupGraceMs) and that it left nothing in its TMPDIR. Resolves to
   * {stdout, stderr}, the complete logs.
   */
  async stop(timeoutMs = this.waitMs) {
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
    try {
      if (!exited) {
        this.kill();
        assert.fail(`server did not exit within ${timeoutMs} ms of SIGTERM${this.logs()}`);
      }
      assert.deepEqual(exited, { code: 0, signal: null }, `server exit status${this.logs()}`);
      // An empty group means nothing the server started survived it. Children that exit right
      // before the server does may take a moment to go (groupGraceMs).
      const deadline = Date.now() + this.groupGraceMs;
      let alive = this.groupAlive();
      while (alive && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        alive = this.groupAlive();
      }
      if (alive) {
        this.kill();
        assert.fail(`processes of the server's group (${this.pid}) were still running after it exited${this.logs()}`);
      }
      assert.deepEqual(fs.readdirSync(this.tmpDir), [], 'the server left files in its TMPDIR');
    } finally {
      fs.rmSync(this.tmpDir, { recursive: true, force: true });
    }
    return { stdout: this.stdout, stderr: this.stderr };
  }
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
 * Spawns `bin argv(port)` on a free port, in its own process group (so stop() can tell whether
 * anything survived it) with a TMPDIR of its own (checked for leftovers by stop()), as
 * `make(child, port, tmpDir)`; resolves once it listens, or with `expectExit` once it exited.
 * `env(port, tmpDir)` is its whole environment. With `attempts` > 1, a server that lost its port
 * to another process between freePort() and its bind ("cannot listen") is started again elsewhere.
 */
async function launch({ bin, cwd, argv, env, make, tmpPrefix, timeoutMs, expectExit = false, attempts = 1 }) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    const child = spawn(bin, argv(port), { cwd, env: env(port, tmpDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const server = make(child, port, tmpDir);
    live.add(server);
    if (expectExit) {
      await server.closed;
      fs.rmSync(tmpDir, { recursive: true, force: true });
      return server;
    }
    try {
      await waitForListening(server, timeoutMs);
      return server;
    } catch (error) {
      server.kill();
      await server.closed;
      fs.rmSync(tmpDir, { recursive: true, force: true });
      if (error.exited && error.exited.code === 1 && /cannot listen/.test(server.stderr) && attempt < attempts) continue;
      throw error;
    }
  }
}

module.exports = { SENTINEL, Server, cleanEnv, countSentinels, freePort, launch, onCleanup };
