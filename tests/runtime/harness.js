// Shared helper of the native runtime's end-to-end tests: builds test handlers, spawns servers, talks raw HTTP.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { SENTINEL, Server, cleanEnv, countSentinels, launch, onCleanup } = require('../lib/server');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'containerless');
const { runtimePath } = require('../../bin/native-runtime');
const RUNTIME = runtimePath();
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
onCleanup(() => fs.rmSync(scratch, { recursive: true, force: true }));

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
  // Node.js options the runtime passes ahead of the script (--stack-size) stay Node's.
  return script('node-shim', `opts=''
while [ "\${1#--}" != "$1" ]; do opts="$opts $1"; shift; done
exec node $opts ${JSON.stringify(path.join(__dirname, 'engine-shim.js'))} "$@"`);
}

let fakeCompilers = 0;

/**
 * A stand-in compiler: records its trace, then copies `handler` (or fails with `exitCode`). As
 * the real one, it writes the trace it compiled to --trace-out (its input as is: it merges
 * nothing), and it appends the contents of each --merge-with trace to `merges`.
 */
function fakeCompiler(handler, { exitCode = 0 } = {}) {
  const name = `compiler-${++fakeCompilers}`;
  const record = path.join(scratch, `${name}.traces`);
  const merges = path.join(scratch, `${name}.merges`);
  const file = script(
    name,
    `cat "$1" >> ${JSON.stringify(record)}; echo >> ${JSON.stringify(record)}
[ "$2" = "-o" ] || exit 64
echo "fake compiler: $1 -> $3"
trace=$1 out=$3
shift 3
while [ $# -gt 0 ]; do
  case $1 in
    --trace-out) ${exitCode === 0 ? 'cp "$trace" "$2"' : ':'}; shift ;;
    --merge-with) cat "$2" >> ${JSON.stringify(merges)}; echo >> ${JSON.stringify(merges)}; shift ;;
  esac
  shift
done
${exitCode === 0 ? `cp ${JSON.stringify(handler)} "$out"` : `exit ${exitCode}`}`
  );
  return { file, record, merges };
}

/** A server of this suite: its event log, its metrics, and replies framed by Content-Length. */
class RuntimeServer extends Server {
  constructor(child, port, tmpDir, logFile) {
    // The engine child exits right before the runtime does: its group gets a moment to empty.
    // Waits also poll, for predicates on the event log.
    super(child, port, tmpDir, { waitMs: WAIT_MS, pollMs: 20, groupGraceMs: 1000 });
    this.logFile = logFile;
  }

  /** The runtime's own event log (CONTAINERLESS_LOG_FILE). */
  get events() {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  logs() {
    return `\n--- stdout ---\n${this.stdout.slice(-3000)}\n--- stderr ---\n${this.stderr.slice(-3000)}\n--- events ---\n${this.events.slice(-3000)}`;
  }

  checkReply(reply, method, urlPath) {
    // (A reply to HEAD carries its body's length, not the body.)
    if (method !== 'HEAD') assert.equal(Number(reply.headers['content-length']), reply.raw.length, `${method} ${urlPath}: Content-Length`);
    else assert.ok(reply.headers['content-length'] !== undefined, `${method} ${urlPath}: Content-Length`);
    assert.equal(reply.headers['transfer-encoding'], undefined);
  }

  init(code, main = 'main') {
    return this.post('/init', { value: { name: 'test', main, binary: false, code } });
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
}

/**
 * Spawns `bin/containerless serve --engine ENGINE --port P ...args` in its own process group, with
 * its own TMPDIR and event log; resolves once it listens (or, with expectExit, once it exits).
 * With mergeStreams its stderr is its stdout (the server's `stdout` then holds both).
 */
function startServer({ engine = 'auto', args = [], env = {}, expectExit = false, mergeStreams = false } = {}) {
  if (engine !== 'node') requireRuntime();
  const logFileOf = (port) => path.join(scratch, `events-${port}-${Date.now()}.log`);
  let logFile;
  const serveArgs = (port) => ['serve', '--engine', engine, '--port', String(port), ...args];
  return launch({
    // mergeStreams: stderr on stdout's pipe (`2>&1`, one file behind both descriptors).
    bin: mergeStreams ? '/bin/sh' : BIN,
    cwd: REPO,
    argv: (port) => (mergeStreams ? ['-c', 'exec "$0" "$@" 2>&1', BIN, ...serveArgs(port)] : serveArgs(port)),
    env: (port, tmpDir) => {
      logFile = logFileOf(port);
      const extra = engine === 'node' ? {} : { CONTAINERLESS_LOG_FILE: logFile };
      return { ...cleanEnv(['CONTAINERLESS_']), CONTAINERLESS_RUNTIME: RUNTIME, TMPDIR: tmpDir, ...extra, ...env };
    },
    make: (child, port, tmpDir) => new RuntimeServer(child, port, tmpDir, logFile),
    tmpPrefix: 'cl-rt-tmp-',
    timeoutMs: WAIT_MS,
    expectExit,
  });
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
