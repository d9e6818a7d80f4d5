// Process tests of `containerless serve`: the sh front execs the native runtime, which answers every command line as serve.js does.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { runtimePath } = require('../native-runtime');

const BIN = path.join(__dirname, '..', 'containerless');
const built = fs.existsSync(runtimePath());
const skip = built ? false : `the native runtime is not built (${runtimePath()}): run scripts/build.sh`;
if (skip) console.log(`# skipping the serve process tests: ${skip}`);

function env() {
  const e = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith('CONTAINERLESS_') || k === 'PORT' || k === 'NODE_TEST_CONTEXT') delete e[k];
  return e;
}

// Command lines that end before serving: usage errors and help.
const LINES = [
  ['--help'],
  ['-h', '--bogus'],
  ['--bogus'],
  ['stray'],
  ['--port'],
  ['--port', 'x'],
  ['--port=70000'],
  ['--port', '-h'],
  ['--trace'],
  ['--trace=1'],
  ['--engine', 'bogus'],
  ['--engine', 'bogus', '--trace'],
  ['--socket', '/tmp/x.sock'],
  ['--engine', 'native'],
  ['--engine=native', '--handler', '/no/such/handler.so'],
  ['--handler', '/bin/sh'],
  ['--body-limit', '0'],
  ['--body-limit', '1.5'],
  ['--body-limit=4097', '--engine', 'native', '--handler', '/bin/sh'],
  ['--engine', 'node', '--handler', 'x.so'],
  ['--engine', 'node', '--port', 'x'],
];

test('the runtime (through the sh front) and serve.js answer every command line alike', { skip }, () => {
  for (const line of LINES) {
    const viaFront = spawnSync(BIN, ['serve', ...line], { env: env(), encoding: 'utf8', timeout: 10_000 });
    const viaNode = spawnSync(process.execPath, [BIN, 'serve', ...line], { env: env(), encoding: 'utf8', timeout: 10_000 });
    const what = `serve ${line.join(' ')}`;
    assert.strictEqual(viaFront.status, viaNode.status, `${what}: exit status (${viaFront.stderr})`);
    assert.strictEqual(viaFront.stdout, viaNode.stdout, `${what}: stdout`);
    assert.strictEqual(viaFront.stderr, viaNode.stderr, `${what}: stderr`);
    assert.ok(viaNode.status === 0 || viaNode.status === 2, `${what}: exits 0 or 2, got ${viaNode.status}`);
  }
});

// The environment's numbers: every engine refuses a bad one the same way (exit 2, the runtime's
// message and the help), --engine node too (it read them as the default before).
const ENV_LINES = [
  { CONTAINERLESS_REQUEST_TIMEOUT_MS: 'abc' },
  { CONTAINERLESS_REQUEST_TIMEOUT_MS: '0' },
  { CONTAINERLESS_REQUEST_TIMEOUT_MS: '3600001' },
  { CONTAINERLESS_BODY_TIMEOUT_MS: '10x' },
  { CONTAINERLESS_BODY_TIMEOUT_MS: '-1' },
  { PORT: '70000' },
];

test('a bad environment setting gets the same exit 2 and message with --engine node as with auto', { skip }, () => {
  for (const extra of ENV_LINES) {
    const [[name, value]] = Object.entries(extra);
    const runs = ['node', 'auto'].flatMap((engine) => [
      spawnSync(BIN, ['serve', '--engine', engine], { env: { ...env(), ...extra }, encoding: 'utf8', timeout: 10_000 }),
      spawnSync(process.execPath, [BIN, 'serve', '--engine', engine], { env: { ...env(), ...extra }, encoding: 'utf8', timeout: 10_000 }),
    ]);
    for (const r of runs) {
      assert.strictEqual(r.status, 2, `${name}=${value}: ${r.stderr}`);
      assert.ok(r.stderr.startsWith(`containerless: ${name} must be `), r.stderr);
      assert.ok(r.stderr.includes(`got "${value}"\n`), r.stderr);
      assert.strictEqual(r.stderr, runs[0].stderr, `${name}=${value}: the same message everywhere`);
    }
  }
});

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function listening(port, child) {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => resolve(sock.end() && true));
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('never listened');
}

for (const [engine, comm] of [['auto', 'containerless-r'], ['node', 'node']]) {
  test(`serve --engine ${engine} is a single process (${comm}) that exits 0 on SIGTERM`, { skip }, async () => {
    const port = await freePort();
    const child = spawn(BIN, ['serve', '--engine', engine, '--host', '127.0.0.1', '--port', String(port)], {
      env: { ...env(), CONTAINERLESS_ENGINE_TRACE: '0', CONTAINERLESS_COMPILE_AFTER: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      await listening(port, child);
      // No wrapper: the pid spawned is the server itself, with nothing of Node.js around it.
      assert.strictEqual(fs.readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim(), comm);
    } finally {
      child.kill('SIGTERM');
    }
    assert.deepStrictEqual(await exited, { code: 0, signal: null }, stderr);
    assert.strictEqual(stderr, '');
  });
}
