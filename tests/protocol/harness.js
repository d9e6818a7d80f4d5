// Shared helper of the protocol tests: spawns `bin/containerless serve --engine node`, talks HTTP to it, watches its logs.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
// Through REPO, not a relative path: tests/trace/protocol-traced.test.js runs a copy of this suite
// from elsewhere, with REPO pointing back here.
const { SENTINEL, Server, cleanEnv, countSentinels, freePort, launch } = require(path.join(REPO, 'tests', 'lib', 'server'));

const BIN = path.join(REPO, 'bin', 'containerless');
/** The protocol's body limit: 48 MiB (the stock runtime's body-parser "48mb"). */
const BODY_LIMIT = 48 * 1024 * 1024;

const DEFAULT_WAIT_MS = 10_000;

/** A `serve --engine node` under the protocol's rules. */
class ProtocolServer extends Server {
  /** Every reply must be framed as the protocol demands (assertFramed). */
  checkReply(reply, method, urlPath) {
    assertFramed(reply, `${method} ${urlPath}`);
  }

  /** POST /init with `value` as the body's value. */
  init(value) {
    return this.post('/init', { value });
  }

  /** POST /init and asserts the protocol's success reply. */
  async initOk(value) {
    const r = await this.init(value);
    assert.equal(r.status, 200, `/init failed: ${r.text}${this.logs()}`);
    assert.deepEqual(r.json, { OK: true });
    return r;
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

/**
 * Spawns `bin/containerless serve --engine node --port P` on a free port with `env` added to a
 * clean environment, and resolves once it accepts connections. Each server gets its own TMPDIR,
 * checked for leftovers by stop().
 */
function startServer({ env = {}, args = [], timeoutMs = DEFAULT_WAIT_MS } = {}) {
  return launch({
    bin: BIN,
    cwd: REPO,
    argv: (port) => ['serve', '--engine', 'node', '--port', String(port), ...args],
    env: (port, tmpDir) => ({ ...cleanEnv(), TMPDIR: tmpDir, ...env }),
    // groupGraceMs: a child the engine started for an archive (unzip, tar) may still be leaving
    // the process group for a moment after the server exits; one that stays a second is a leak.
    make: (child, port, tmpDir) => new ProtocolServer(child, port, tmpDir, { waitMs: DEFAULT_WAIT_MS, groupGraceMs: 1000 }),
    tmpPrefix: 'cl-proto-tmp-',
    timeoutMs,
    attempts: 5, // another process may take the port between freePort() and the bind
  });
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
