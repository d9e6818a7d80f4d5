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

/** Runs `args` until the runtime answers natively (a recompile may still be loading). */
async function untilNative(server, args, expected) {
  let r;
  for (let i = 0; i < 150; i++) {
    r = await server.run(args);
    if (r.headers['x-containerless-engine'] === 'native') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(r.headers['x-containerless-engine'], 'native', `${JSON.stringify(args)}${server.logs()}`);
  assert.deepEqual(r.json, expected);
}

test('after the idle Node engine stopped, the new engine\'s trace is merged with the loaded handler\'s: both paths end native', { skip }, async () => {
  const server = await startServer({
    env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2', CONTAINERLESS_ENGINE_IDLE_MS: '300' },
  });
  assert.equal((await server.init(ACTION)).status, 200);
  for (let i = 0; i < 2; i++) assert.deepEqual((await server.run({})).json, { b: 2 });
  await server.waitForMetric('containerless_native_ready', 1);
  await server.waitFor(() => /node engine exited/.test(server.events), 'the idle engine stopped');
  // The new engine knows only the x branch; the handler built from it alone would lose `plain`.
  for (const x of [7, 8]) {
    const r = await server.run({ x });
    assert.equal(r.headers['x-containerless-engine'], 'node');
    assert.deepEqual(r.json, { a: x });
  }
  await server.waitForMetric('containerless_compilations_total{result="ok"}', 2);
  assert.match(server.events, /merged with \S+history-2\.json/);
  await untilNative(server, { x: 9 }, { a: 9 });
  await untilNative(server, {}, { b: 2 });
  const m = await server.metrics();
  assert.equal(m.containerless_node_engine_starts_total, 2);
  await server.stop();
});

test('a server started from the cache merges its new engine\'s trace with the cached handler\'s', { skip }, async () => {
  const cache = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cl-rt-cache-'));
  try {
    const first = await startServer({
      env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2', CONTAINERLESS_CACHE_DIR: cache },
    });
    assert.equal((await first.init(ACTION)).status, 200);
    for (let i = 0; i < 2; i++) assert.deepEqual((await first.run({})).json, { b: 2 });
    await first.waitFor(() => /stored the handler in the cache/.test(first.events), 'the handler cached');
    await first.stop();

    const second = await startServer({
      env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2', CONTAINERLESS_CACHE_DIR: cache },
    });
    assert.equal((await second.init(ACTION)).status, 200);
    const warm = await second.run({});
    assert.equal(warm.headers['x-containerless-engine'], 'native');
    for (const x of [7, 8]) assert.deepEqual((await second.run({ x })).json, { a: x });
    await second.waitForMetric('containerless_compilations_total{result="ok"}', 1);
    assert.match(second.events, /merged with \S+history-1\.json/);
    await untilNative(second, { x: 9 }, { a: 9 });
    await untilNative(second, {}, { b: 2 });
    await second.stop();
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('a restarted Node engine loads the action again without repeating its top-level output in an activation\'s log', { skip }, async () => {
  const action = `console.log('cold start');\nconsole.error('cold start on stderr');\n${ACTION}`;
  const server = await startServer({
    env: { CONTAINERLESS_COMPILER: COMPILER, CONTAINERLESS_COMPILE_AFTER: '2', CONTAINERLESS_ENGINE_IDLE_MS: '300' },
  });
  assert.equal((await server.init(action)).status, 200);
  for (let i = 0; i < 2; i++) assert.deepEqual((await server.run({})).json, { b: 2 });
  await server.waitForMetric('containerless_native_ready', 1);
  await server.waitFor(() => /node engine exited/.test(server.events), 'the idle engine stopped');
  // An untraced branch: the engine starts again, the /init is replayed to it, then the fallback.
  const r = await server.run({ x: 5 });
  assert.equal(r.headers['x-containerless-engine'], 'node');
  assert.deepEqual(r.json, { a: 5 });
  assert.equal((await server.metrics()).containerless_node_engine_starts_total, 2);
  const logs = await server.stop();
  // As in one warm stock container: the top-level output once, before the first activation.
  assert.equal(logs.stdout, `cold start\nplain\n${SENTINEL}\nplain\n${SENTINEL}\nx branch 5\n${SENTINEL}\n`);
  assert.equal(logs.stderr, `cold start on stderr\n${SENTINEL}\n${SENTINEL}\n${SENTINEL}\n`);
});
