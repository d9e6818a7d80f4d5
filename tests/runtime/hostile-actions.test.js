// End-to-end: an action that recurses a million deep or allocates past every limit, compiled and served natively, answers what `--engine node` answers and the server keeps serving.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { REPO, countSentinels, startServer } = require('./harness');

const COMPILER = process.env.CONTAINERLESS_TEST_COMPILER || path.join(REPO, 'build', 'compiler', 'containerless-compile');
const RLIB = path.join(REPO, 'compiler', 'runtime', 'target', 'release', 'libcontainerless_rt.rlib');
const missing = [COMPILER, RLIB].filter((f) => !fs.existsSync(f));
const noCompiler = missing.length > 0 ? `not built: ${missing.join(', ')} (scripts/build.sh builds them)` : false;

// Direct and mutual recursion, and strings grown past V8's length limit (2^29 - 24) and the
// native memory limit. Each kind is traced shallow, so the compiled handler has every branch.
const ACTION = `function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
function even(n) { return n === 0 ? true : odd(n - 1); }
function odd(n) { return n === 0 ? false : even(n - 1); }
function main(args) {
  if (args.kind === 'depth') return { d: depth(args.n) };
  if (args.kind === 'even') return { e: even(args.n) };
  if (args.kind === 'repeat') return { len: 'ab'.repeat(args.n).length };
  if (args.kind === 'text') return { s: 'ab'.repeat(args.n) };
  if (args.kind === 'double') {
    let s = 'x';
    for (let i = 0; i < args.n; i++) s = s + s;
    return { len: s.length };
  }
  return { kind: args.kind };
}`;

const TRAIN = [
  ['depth', 0], ['depth', 1], ['depth', 2], ['even', 0], ['even', 1], ['even', 2],
  ['repeat', 1], ['repeat', 2], ['text', 1], ['text', 2], ['double', 1], ['double', 2], ['other', 0],
].map(([kind, n]) => ({ kind, n }));

// [value, engine that answers it]: shallow ones natively; the rest abort (a call deeper than the
// inlined depth is an untraced path, a string past the memory limit a memory abort) and Node.js
// answers, through the Node engine's own RangeError where Node.js throws one.
const HOSTILE = [
  [{ kind: 'depth', n: 2 }, 'native'],
  [{ kind: 'depth', n: 9 }, 'node'],
  // Deep enough that the traced engine, whose instrumented frames are larger, overflowed V8's
  // default stack where plain Node.js does not (the runtime starts it with a larger --stack-size).
  [{ kind: 'depth', n: 5000 }, 'node'],
  [{ kind: 'depth', n: 8000 }, 'node'],
  [{ kind: 'depth', n: 1_000_000 }, 'node'],
  [{ kind: 'even', n: 1_000_000 }, 'node'],
  [{ kind: 'repeat', n: 300_000_000 }, 'node'],
  [{ kind: 'repeat', n: 1e15 }, 'node'],
  [{ kind: 'double', n: 40 }, 'node'],
  [{ kind: 'even', n: 2 }, 'native'],
  // Native replies on both sides of the 16 KiB the server copies behind the reply head (one
  // write), and far beyond it (head and body in one writev).
  [{ kind: 'text', n: 8180 }, 'native'],
  [{ kind: 'text', n: 8190 }, 'native'],
  [{ kind: 'text', n: 3_000_000 }, 'native'],
];

async function waitNative(server, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = await server.metrics();
    if (m.containerless_native_ready === 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no native handler${server.logs()}`);
}

test('a compiled handler whose action recurses a million deep or outgrows every string limit: the Node engine\'s answers, the server keeps serving', { skip: noCompiler }, async () => {
  const node = await startServer({ engine: 'node' });
  const expected = [];
  try {
    assert.equal((await node.init(ACTION)).status, 200);
    for (const [value] of HOSTILE) {
      const r = await node.run(value);
      expected.push([r.status, r.text]);
    }
  } finally {
    await node.stop();
  }
  // What Node.js answers, so that two identical failures cannot pass.
  assert.deepEqual(expected[2], [200, '{"d":5000}']);
  assert.deepEqual(expected[3], [200, '{"d":8000}']);
  assert.equal(expected[4][0], 502);
  assert.match(expected[4][1], /Maximum call stack size exceeded/);
  assert.match(expected[6][1], /Invalid string length/);
  assert.match(expected[8][1], /Invalid string length/);

  const server = await startServer({ env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: String(TRAIN.length) } });
  let stopped = false;
  try {
    assert.equal((await server.init(ACTION)).status, 200);
    for (const value of TRAIN) assert.equal((await server.run(value)).status, 200);
    await waitNative(server, 120_000);
    for (const [i, [value, engine]] of HOSTILE.entries()) {
      const r = await server.run(value);
      const what = `${JSON.stringify(value)}${server.logs()}`;
      assert.deepEqual([r.status, r.text], expected[i], what);
      assert.equal(r.headers['x-containerless-engine'], engine, what);
    }
    const m = await server.metrics();
    assert.equal(m['containerless_native_aborts_total'], HOSTILE.filter(([, e]) => e === 'node').length, JSON.stringify(m));
    assert.ok(m['containerless_native_aborts_by_reason_total{reason="memory"}'] >= 3, JSON.stringify(m));
    assert.equal(m.containerless_demotions_total, 0);
    const logs = await server.stop();
    stopped = true;
    assert.equal(countSentinels(logs.stdout), TRAIN.length + HOSTILE.length);
    assert.equal(countSentinels(logs.stderr), TRAIN.length + HOSTILE.length);
  } finally {
    if (!stopped) await server.stop();
  }
});
