// End-to-end with every real part: Node engine with --trace, containerless-compile, rustc, the handler, fallback, recompilation.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { REPO, SENTINEL, countSentinels, startServer } = require('./harness');

const COMPILER = process.env.CONTAINERLESS_TEST_COMPILER || path.join(REPO, 'build', 'compiler', 'containerless-compile');
const RLIB = path.join(REPO, 'compiler', 'runtime', 'target', 'release', 'libcontainerless_rt.rlib');
const missing = [COMPILER, RLIB].filter((f) => !fs.existsSync(f));
const skip = missing.length > 0 ? `not built: ${missing.join(', ')} (scripts/build.sh builds them)` : false;

const ACTION = `function main(args) {
  if (args.x) {
    console.log('x branch', args.x);
    return { a: args.x };
  }
  console.log('plain');
  return { b: 2 };
}
`;

test('trace, compile, answer natively, fall back, recompile, answer the new path natively', { skip }, async () => {
  const server = await startServer({
    env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2' },
  });
  assert.equal((await server.init(ACTION)).status, 200);
  for (let i = 0; i < 2; i++) assert.deepEqual((await server.run({})).json, { b: 2 });
  await server.waitForMetric('containerless_native_ready', 1).catch((error) => {
    throw new Error(`${error.message}${server.logs()}`);
  });
  const native = await server.run({});
  assert.equal(native.headers['x-containerless-engine'], 'native');
  assert.deepEqual(native.json, { b: 2 });

  // An untraced branch: answered by Node.js, which extends the trace.
  for (const x of [7, 8]) {
    const r = await server.run({ x });
    assert.equal(r.headers['x-containerless-engine'], 'node');
    assert.deepEqual(r.json, { a: x });
  }
  // Two fallbacks are two traced activations: a second compilation covers the new branch.
  await server.waitForMetric('containerless_compilations_total{result="ok"}', 2);
  const m = await server.metrics();
  assert.equal(m.containerless_fallbacks_total, 2);
  let r;
  for (let i = 0; i < 100; i++) {
    r = await server.run({ x: 9 });
    if (r.headers['x-containerless-engine'] === 'native') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(r.headers['x-containerless-engine'], 'native', server.logs());
  assert.deepEqual(r.json, { a: 9 });
  const logs = await server.stop();
  assert.ok(logs.stdout.startsWith(`plain\n${SENTINEL}\nplain\n${SENTINEL}\nplain\n${SENTINEL}\nx branch 7\n${SENTINEL}\n`), logs.stdout);
  assert.equal(countSentinels(logs.stdout), countSentinels(logs.stderr));
  assert.ok(logs.stdout.endsWith(`x branch 9\n${SENTINEL}\n`), logs.stdout);
});
