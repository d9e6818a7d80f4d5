// Tests of `containerless compile`: help, the message when the compiler is not built, and the hand-over to it.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'containerless');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');
const GOLDEN = path.join(ROOT, 'compiler', 'testdata', 'golden');

function run(args, env = {}) {
  return spawnSync(process.execPath, [CLI, 'compile', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

test('compile --help describes the command and its exit codes', () => {
  const r = run(['--help']);
  assert.strictEqual(r.status, 0);
  assert.match(r.stdout, /containerless compile TRACE\.json -o HANDLER\.so/);
  assert.match(r.stdout, /Exit status:/);
});

test('compile says how to build the compiler when it is missing', () => {
  const r = run(['t.json', '-o', 'h.so'], { CONTAINERLESS_COMPILER: '/nonexistent/containerless-compile' });
  assert.strictEqual(r.status, 1);
  assert.match(r.stderr, /the compiler is not built/);
  assert.match(r.stderr, /make build/);
});

test('compile hands over to the compiler: Rust for a valid trace, a located error for a bad one', (t) => {
  if (!fs.existsSync(COMPILER)) {
    t.skip(`${COMPILER} is not built (make build); the C++ tests cover the compiler itself`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-compile-test-'));
  try {
    const ok = run([path.join(GOLDEN, 'hello.json'), '--emit-rust', dir]);
    assert.strictEqual(ok.status, 0, ok.stderr);
    const rust = fs.readFileSync(path.join(dir, 'handler.rs'), 'utf8');
    assert.ok(rust.startsWith('#![forbid(unsafe_code)]\n'));
    assert.match(fs.readFileSync(path.join(dir, 'lib.rs'), 'utf8'), /export_handler!\(handler\)/);

    const bad = run([path.join(GOLDEN, 'error_continue_block.json'), '--emit-rust', dir]);
    assert.strictEqual(bad.status, 3);
    assert.match(bad.stderr, /at \/main\/body\/0\/then\/0\/body\/0\/label: continue names "B"/);

    const usage = run([path.join(GOLDEN, 'hello.json')]);
    assert.strictEqual(usage.status, 2);
    assert.match(usage.stderr, /nothing to do/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
