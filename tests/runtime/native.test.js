// End-to-end: handler libraries served natively, fallback to Node.js, demotion, compile trigger, --engine native.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { ECHO_ACTION, SENTINEL, buildHandler, countSentinels, fakeCompiler, sha256, shimNode, startServer } = require('./harness');

const S = `${SENTINEL}\n`;

/** Starts --engine auto on the shim engine with a fake compiler that "builds" `handler`. */
async function autoWith(handler, env = {}, compilerOptions = {}) {
  const compiler = fakeCompiler(handler, compilerOptions);
  const record = path.join(path.dirname(compiler.file), `shim-${Date.now()}-${Math.random()}.jsonl`);
  const server = await startServer({
    env: {
      CONTAINERLESS_NODE: shimNode(),
      CONTAINERLESS_COMPILER: compiler.file,
      CONTAINERLESS_COMPILE_AFTER: '2',
      SHIM_CODE_SHA256: sha256(ECHO_ACTION),
      SHIM_RECORD: record,
      ...env,
    },
  });
  server.engineRecord = () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  server.compilerRecord = compiler.record;
  server.compilerMerges = compiler.merges;
  return server;
}

/** /init with the echo action and two traced Node activations, which trigger the compilation. */
async function trace(server) {
  assert.equal((await server.init(ECHO_ACTION)).status, 200);
  for (const name of ['t1', 't2']) {
    const r = await server.run({ name });
    assert.deepEqual(r.json, { greeting: `Hello ${name}` });
    assert.equal(r.headers['x-containerless-engine'], 'node');
  }
}

test('auto: compiles after CONTAINERLESS_COMPILE_AFTER activations, then answers natively', async () => {
  const server = await autoWith(buildHandler('answer'));
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  // The compiler got the engine's trace.
  const traces = fs.readFileSync(server.compilerRecord, 'utf8');
  assert.equal(JSON.parse(traces.trim().split('\n')[0]).code_sha256, sha256(ECHO_ACTION));

  await server.waitForSentinels(2);
  const mark = server.mark();
  const r = await server.run({ name: 'ada' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['x-containerless-engine'], 'native');
  assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(r.json, { greeting: 'Hello ada' });
  await server.waitForSentinels(3);
  assert.deepEqual(server.since(mark), { stdout: `hello ada\n${S}`, stderr: `to stderr\n${S}` });

  const m = await server.metrics();
  assert.equal(m['containerless_activations_total{engine="native"}'], 1);
  assert.equal(m['containerless_activations_total{engine="node"}'], 2);
  assert.equal(m['containerless_compilations_total{result="ok"}'], 1);
  assert.equal(m['containerless_compilations_total{result="failed"}'], 0);
  assert.equal(m.containerless_fallbacks_total, 0);

  // Bodies the native path cannot read exactly still get Node's answer.
  const dup = await server.post('/run', '{"value":{"name":"x","name":"y"}}');
  assert.equal(dup.headers['x-containerless-engine'], 'node');
  assert.deepEqual(dup.json, { greeting: 'Hello y' });
  const bad = await server.post('/run', '{"value":');
  assert.equal(bad.status, 500);
  assert.deepEqual(bad.json, { error: 'Bad request.' });
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 4);
  assert.equal(countSentinels(logs.stderr), 4);
});

test('auto: an abort is re-executed in Node.js with the abort record, and Node answers', async () => {
  const server = await autoWith(buildHandler('answer'));
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  await server.waitForSentinels(2);
  const mark = server.mark();
  const r = await server.run({ name: 'bob', abort: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['x-containerless-engine'], 'node');
  assert.deepEqual(r.json, { path: 'node', greeting: 'Hello bob' });
  await server.waitForSentinels(3);
  // The native attempt's log lines are not written: only Node's, once, with one sentinel pair.
  assert.deepEqual(server.since(mark), { stdout: `hello bob\n${S}`, stderr: `to stderr\n${S}` });
  const fallback = server.engineRecord().filter((e) => e.fallback !== undefined);
  assert.equal(fallback.length, 1);
  assert.equal(JSON.parse(fallback[0].fallback).reason, 'untraced');

  // The record travels ahead of the body, never in a header: a long one arrives whole.
  const long = await server.run({ name: 'long', abort: true, long: true });
  assert.equal(long.status, 200, long.text);
  assert.deepEqual(long.json, { path: 'node', greeting: 'Hello long' });
  const longRecord = server.engineRecord().filter((e) => e.fallback !== undefined)[1];
  assert.equal(JSON.parse(longRecord.fallback).reason, 'untraced');
  assert.equal(JSON.parse(longRecord.fallback).detail, 'x'.repeat(20000));
  const framed = server.engineRecord().filter((e) => e.fallbackLength !== undefined);
  assert.deepEqual(framed.map((e) => Number(e.fallbackLength)), [fallback[0].fallback.length, longRecord.fallback.length]);
  await server.waitForSentinels(4);

  const m = await server.metrics();
  assert.equal(m.containerless_fallbacks_total, 2);
  assert.equal(m.containerless_native_aborts_total, 2);
  assert.equal(m['containerless_native_aborts_by_reason_total{reason="untraced"}'], 2);
  assert.equal(m['containerless_activations_total{engine="node"}'], 4);
  assert.equal(m['containerless_activations_total{engine="native"}'], 0);
  assert.equal(m.containerless_native_ready, 1);
  // Still native afterwards.
  const again = await server.run({ name: 'cy' });
  assert.equal(again.headers['x-containerless-engine'], 'native');
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 5);
  assert.equal(countSentinels(logs.stderr), 5);
});

test('auto: an action that keeps aborting goes back to Node.js for good', async () => {
  const server = await autoWith(buildHandler('abort'), { CONTAINERLESS_DEMOTE_AFTER: '3' });
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  for (let i = 0; i < 5; i++) {
    // An unsupported construct: a recompilation would not take that path any differently. (A
    // guard would be curable here: the engine still records operand types, compile-policy.test.js.)
    const r = await server.run({ name: `n${i}`, unsupported: true });
    assert.equal(r.headers['x-containerless-engine'], 'node');
    assert.deepEqual(r.json, { greeting: `Hello n${i}` });
  }
  const m = await server.metrics();
  assert.equal(m.containerless_fallbacks_total, 3);
  assert.equal(m.containerless_native_ready, 0);
  assert.equal(m.containerless_demotions_total, 1);
  assert.ok(server.engineRecord().some((e) => e.url === '/__containerless/trace/stop'), 'tracing stopped');
  assert.match(server.events, /demoted to node for good: 3 consecutive aborts/);
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 7);
});

test('auto: untraced aborts, which recompilations cure, demote only after ten times CONTAINERLESS_DEMOTE_AFTER in a row', async () => {
  const server = await autoWith(buildHandler('abort'), { CONTAINERLESS_DEMOTE_AFTER: '3' });
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  // Each abort's fallback is traced; the stand-in compiler keeps "recompiling" the same handler,
  // which keeps aborting: no native answer ever resets the count.
  for (let i = 0; i < 29; i++) {
    const r = await server.run({ name: `u${i}` });
    assert.deepEqual(r.json, { greeting: `Hello u${i}` });
  }
  let m = await server.metrics();
  assert.equal(m.containerless_demotions_total, 0, 'not demoted after 29 untraced aborts');
  assert.equal(m.containerless_native_ready, 1);
  // The stand-in compiler runs at nice 19: on a busy machine the recompilation the fallbacks
  // started may still be running.
  for (let wait = 0; wait < 400 && !(m['containerless_compilations_total{result="ok"}'] >= 2); wait++) {
    await new Promise((r) => setTimeout(r, 25));
    m = await server.metrics();
  }
  assert.ok(m['containerless_compilations_total{result="ok"}'] >= 2, 'recompiled meanwhile');
  await server.run({ name: 'u29' });
  m = await server.metrics();
  assert.equal(m.containerless_demotions_total, 1);
  assert.match(server.events, /demoted to node for good: 30 consecutive aborts on untraced paths/);
  await server.stop();
});

test('auto: a module-state abort demotes at once', async () => {
  const server = await autoWith(buildHandler('module_state'));
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  const r = await server.run({ name: 'z' });
  assert.deepEqual(r.json, { greeting: 'Hello z' });
  const m = await server.metrics();
  assert.equal(m.containerless_native_ready, 0);
  assert.equal(m.containerless_demotions_total, 1);
  await server.stop();
});

test('auto: broken libraries and failed compilations are logged and the action stays in Node.js', async () => {
  for (const [kind, pattern] of [
    ['wrong_version', /ABI version 3; this runtime speaks version 2/],
    ['no_symbol', /does not export containerless_handler_v2/],
    ['v1', /has ABI version 1 \(it exports containerless_handler_v1\); this runtime speaks version 2/],
  ]) {
    const server = await autoWith(buildHandler(kind));
    await trace(server);
    await server.waitForMetric('containerless_compilations_total{result="ok"}', 1);
    await server.waitFor(() => pattern.test(server.events), `${kind} logged`);
    const r = await server.run({ name: 'w' });
    assert.equal(r.headers['x-containerless-engine'], 'node');
    assert.equal((await server.metrics()).containerless_native_ready, 0);
    await server.stop();
  }
  // A handler built for other code is refused too.
  const other = await autoWith(buildHandler('answer', sha256('other code')));
  await trace(other);
  await other.waitFor(() => /was built for other code/.test(other.events), 'mismatch logged');
  assert.equal((await other.metrics()).containerless_native_ready, 0);
  await other.stop();

  const failing = await autoWith(undefined, {}, { exitCode: 3 });
  await trace(failing);
  await failing.waitForMetric('containerless_compilations_total{result="failed"}', 1);
  assert.equal((await failing.run({ name: 'f' })).status, 200);
  const logs = await failing.stop();
  // The compiler's own output went to the event log, not to the activation log.
  assert.ok(!logs.stdout.includes('fake compiler'), logs.stdout);
  assert.match(failing.events, /fake compiler/);
});

test('auto: a trace marked not compilable is not compiled', async () => {
  const server = await autoWith(buildHandler('answer'), { SHIM_COMPILABLE: 'false' });
  await trace(server);
  await server.waitFor(() => /not compilable/.test(server.events), 'skip logged');
  const m = await server.metrics();
  assert.equal(m['containerless_compilations_total{result="ok"}'], 0);
  assert.equal(m['containerless_compilations_total{result="failed"}'], 0);
  assert.ok(!fs.existsSync(server.compilerRecord));
  await server.stop();
});

test('native: serves a precompiled handler without Node.js; an abort answers 503', async () => {
  const server = await startServer({ engine: 'native', args: ['--handler', buildHandler('answer')] });
  const early = await server.run({ name: 'x' });
  assert.equal(early.status, 403);
  assert.deepEqual(early.json, { error: 'System not initialized.' });
  assert.equal((await server.post('/init', {})).status, 403);
  const init = await server.init(ECHO_ACTION);
  assert.equal(init.status, 200, init.text);
  assert.deepEqual(init.json, { OK: true });
  const again = await server.init(ECHO_ACTION);
  assert.equal(again.status, 403);
  assert.deepEqual(again.json, { error: 'Cannot initialize the action more than once.' });

  const mark = server.mark();
  const r = await server.run({ name: 'ada' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['x-containerless-engine'], 'native');
  assert.deepEqual(r.json, { greeting: 'Hello ada' });
  const aborted = await server.run({ name: 'b', abort: true });
  assert.equal(aborted.status, 503);
  assert.equal(aborted.headers['x-containerless-engine'], 'native');
  assert.match(aborted.json.error, /untraced/);
  const notDict = await server.run('str');
  assert.equal(notDict.status, 403);
  assert.deepEqual(notDict.json, { error: "Internal system error: the argument must be a dictionary but has type 'string'." });
  await server.waitForSentinels(2);
  assert.deepEqual(server.since(mark).stdout, `hello ada\n${S}${S}`);
  const m = await server.metrics();
  assert.equal(m['containerless_activations_total{engine="native"}'], 1);
  assert.equal(m.containerless_native_ready, 1);
  assert.equal(m.containerless_node_engine_starts_total, 0);
  assert.equal(m.containerless_native_aborts_total, 1);
  assert.equal(m.containerless_fallbacks_total, 0);
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 2);
  assert.equal(countSentinels(logs.stderr), 2);
  assert.match(logs.stderr, /^Internal system error: System not initialized\.$/m);
});

test('native: /init with other code fails as a failed /init does', async () => {
  const server = await startServer({ engine: 'native', args: ['--handler', buildHandler('answer')] });
  const r = await server.init('function main() { return {}; }');
  assert.equal(r.status, 502);
  assert.match(r.json.error, /^Initialization has failed due to: the precompiled handler .* was built for other code/);
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 1);
  assert.equal(countSentinels(logs.stderr), 1);
});

test('native: a broken handler library stops the server at startup with a clear message', async () => {
  for (const [kind, pattern] of [
    ['wrong_version', /ABI version 3; this runtime speaks version 2/],
    ['no_symbol', /does not export containerless_handler_v2/],
    ['v1', /has ABI version 1 \(it exports containerless_handler_v1\); this runtime speaks version 2/],
  ]) {
    const server = await startServer({ engine: 'native', args: ['--handler', buildHandler(kind)], expectExit: true });
    assert.deepEqual(server.exited, { code: 1, signal: null });
    assert.match(server.stderr, pattern);
    assert.match(server.events, pattern, 'the reason is in the event log too');
    assert.equal(server.stdout, '');
  }
  const missing = await startServer({ engine: 'native', args: ['--handler', '/nonexistent.so'], expectExit: true });
  assert.equal(missing.exited.code, 2);
  assert.match(missing.stderr, /--handler \/nonexistent.so: no such file/);
});

test('auto with the real Node engine: the trace it gives the compiler is its /init code\'s', async () => {
  const compiler = fakeCompiler(buildHandler('answer'));
  const server = await startServer({
    env: { CONTAINERLESS_COMPILER: compiler.file, CONTAINERLESS_COMPILE_AFTER: '2' },
  });
  await trace(server);
  // Either the trace reached the compiler, or the engine said it is not compilable.
  await server.waitFor(
    // (The record is complete once its line ends: the fake compiler may still be writing it.)
    () => (fs.existsSync(compiler.record) && fs.readFileSync(compiler.record, 'utf8').includes('\n')) ||
      /not compilable|no trace from the node engine/.test(server.events),
    'a compilation or a reason for none'
  );
  if (fs.existsSync(compiler.record)) {
    const trace = JSON.parse(fs.readFileSync(compiler.record, 'utf8').trim().split('\n')[0]);
    assert.equal(trace.version, 1);
    assert.equal(trace.code_sha256, sha256(ECHO_ACTION));
    assert.equal(trace.entry, 'main');
    await server.waitForMetric('containerless_native_ready', 1);
    const r = await server.run({ name: 'real' });
    assert.equal(r.headers['x-containerless-engine'], 'native');
    assert.deepEqual(r.json, { greeting: 'Hello real' });
    // The real engine answers a fallback too.
    const f = await server.run({ name: 'fb', abort: true });
    assert.equal(f.headers['x-containerless-engine'], 'node');
    assert.deepEqual(f.json, { path: 'node', greeting: 'Hello fb' });
  } else {
    assert.doesNotMatch(server.events, /no trace from the node engine/, 'the engine gave no trace');
  }
  await server.stop();
});

test('auto with CONTAINERLESS_CACHE_DIR: a fresh server answers natively from the first /run without Node.js', async () => {
  const cache = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cl-rt-cache-'));
  try {
    const first = await autoWith(buildHandler('answer'), { CONTAINERLESS_CACHE_DIR: cache });
    await trace(first);
    await first.waitForMetric('containerless_native_ready', 1);
    await first.stop();
    // The handler, and beside it the trace it was built from.
    const cached = fs.readdirSync(path.join(cache, 'runtime')).sort();
    assert.equal(cached.length, 2, cached.join());
    assert.ok(cached[0].startsWith(sha256(ECHO_ACTION)) && cached[0].endsWith('.so'), cached[0]);
    assert.equal(cached[1], cached[0].replace(/\.so$/, '.trace.json'));

    const second = await autoWith(buildHandler('answer'), { CONTAINERLESS_CACHE_DIR: cache });
    assert.deepEqual((await second.init(ECHO_ACTION)).json, { OK: true });
    const r = await second.run({ name: 'warm' });
    assert.equal(r.headers['x-containerless-engine'], 'native');
    assert.deepEqual(r.json, { greeting: 'Hello warm' });
    let m = await second.metrics();
    assert.equal(m.containerless_cache_hits_total, 1);
    assert.equal(m.containerless_node_engine_starts_total, 0, 'Node.js was not started');
    // A fallback starts the Node engine, which gets the /init first.
    const f = await second.run({ name: 'fb', abort: true });
    assert.equal(f.headers['x-containerless-engine'], 'node');
    assert.deepEqual(f.json, { path: 'node', greeting: 'Hello fb' });
    const again = await second.init(ECHO_ACTION);
    assert.equal(again.status, 403);
    m = await second.metrics();
    assert.equal(m.containerless_node_engine_starts_total, 1);
    const logs = await second.stop();
    assert.equal(countSentinels(logs.stdout), 2);
    assert.equal(countSentinels(logs.stderr), 2);

    // Other code misses the cache and goes the usual way.
    const third = await autoWith(buildHandler('answer'), { CONTAINERLESS_CACHE_DIR: cache });
    assert.equal((await third.init('function main() { return { other: true }; }')).status, 200);
    const other = await third.run({});
    assert.equal(other.headers['x-containerless-engine'], 'node');
    assert.deepEqual(other.json, { other: true });
    assert.equal((await third.metrics()).containerless_cache_hits_total, 0);
    await third.stop();
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('auto: a native handler slower than Node.js on live traffic is demoted', async () => {
  const server = await autoWith(buildHandler('answer'), { CONTAINERLESS_SLOWER_AFTER: '3' });
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  for (let i = 0; i < 3; i++) {
    const r = await server.run({ name: `s${i}`, slow: true });
    assert.equal(r.headers['x-containerless-engine'], 'native');
  }
  const m = await server.metrics();
  assert.equal(m.containerless_native_ready, 0);
  assert.equal(m.containerless_demotions_total, 1);
  assert.match(server.events, /demoted to node for good: the native handler is slower than node: native \d/);
  const after = await server.run({ name: 'n' });
  assert.equal(after.headers['x-containerless-engine'], 'node');
  await server.stop();
});

test('auto with CONTAINERLESS_ENGINE_IDLE_MS: once native, the idle Node engine is stopped and restarted on demand', async () => {
  const server = await autoWith(buildHandler('answer'), { CONTAINERLESS_ENGINE_IDLE_MS: '200' });
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  await server.waitFor(() => /stopping the idle node engine/.test(server.events) && /node engine exited/.test(server.events), 'the idle engine stopped');
  const r = await server.run({ name: 'alone' });
  assert.equal(r.headers['x-containerless-engine'], 'native');
  // A fallback starts a new engine, which loads the action first.
  const f = await server.run({ name: 'fb', abort: true });
  assert.equal(f.headers['x-containerless-engine'], 'node');
  assert.deepEqual(f.json, { path: 'node', greeting: 'Hello fb' });
  const m = await server.metrics();
  assert.equal(m.containerless_node_engine_starts_total, 2);
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 4);
  assert.equal(countSentinels(logs.stderr), 4);
});

test('serve --engine auto says how to build the runtime when it is missing', async () => {
  const { execFile } = require('node:child_process');
  const { REPO } = require('./harness');
  // A checkout without a build: bin/ alone (CONTAINERLESS_RUNTIME set wrong is a usage error of
  // its own, tests/runtime/settings.test.js).
  const checkout = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cl-unbuilt-'));
  fs.cpSync(path.join(REPO, 'bin'), path.join(checkout, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(checkout, 'package.json'));
  const env = { ...process.env };
  delete env.CONTAINERLESS_RUNTIME;
  const result = await new Promise((resolve) => {
    execFile(path.join(checkout, 'bin', 'containerless'), ['serve', '--engine', 'auto', '--port', '0'], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr })
    );
  });
  fs.rmSync(checkout, { recursive: true, force: true });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  const missing = path.join(checkout, 'build', 'actionloop', 'containerless-runtime');
  assert.equal(result.stderr, `containerless: the native runtime is not built (${missing}: no such file).\nBuild it with "make build" (or scripts/build.sh), or use --engine node.\n`);
});

test('auto with __OW_ALLOW_CONCURRENT=true: native answers and fallbacks interleave', async () => {
  const server = await autoWith(buildHandler('answer'), { __OW_ALLOW_CONCURRENT: 'true' });
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  const replies = await Promise.all(
    Array.from({ length: 24 }, (_, i) => server.run({ name: `c${i}`, abort: i % 3 === 0 }))
  );
  replies.forEach((r, i) => {
    assert.equal(r.status, 200, r.text);
    if (i % 3 === 0) {
      assert.equal(r.headers['x-containerless-engine'], 'node');
      assert.deepEqual(r.json, { path: 'node', greeting: `Hello c${i}` });
    } else {
      assert.equal(r.headers['x-containerless-engine'], 'native');
      assert.deepEqual(r.json, { greeting: `Hello c${i}` });
    }
  });
  const m = await server.metrics();
  assert.equal(m.containerless_fallbacks_total, 8);
  assert.equal(m['containerless_activations_total{engine="native"}'], 16);
  const logs = await server.stop();
  assert.equal(countSentinels(logs.stdout), 26);
  assert.equal(countSentinels(logs.stderr), 26);
  for (let i = 0; i < 24; i++) assert.ok(logs.stdout.includes(`hello c${i}\n`), `c${i} logged`);
});

test('auto: after the Node engine restarted, its fresh trace is compiled merged with the loaded handler\'s trace', async () => {
  const server = await autoWith(buildHandler('answer'));
  await trace(server);
  await server.waitForMetric('containerless_native_ready', 1);
  // Kill the engine: serve execs the runtime, the engine (via the trampoline) is its child.
  const children = (pid) => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const [engine] = children(server.pid);
  process.kill(engine, 'SIGKILL');
  await server.waitFor(() => /node engine exited/.test(server.events), 'the engine exit noticed');
  // Two fallbacks: a new engine, whose trace holds only them, and a compilation from it.
  for (const name of ['f1', 'f2']) {
    const r = await server.run({ name, abort: true });
    assert.deepEqual(r.json, { path: 'node', greeting: `Hello ${name}` });
  }
  await server.waitForMetric('containerless_compilations_total{result="ok"}', 2);
  // The second compilation merged in the trace the first handler was built from (the shim
  // engine's trace, which the stand-in compiler wrote as the compiled trace).
  const traces = fs.readFileSync(server.compilerRecord, 'utf8').trim().split('\n');
  assert.equal(traces.length, 2);
  const merges = fs.readFileSync(server.compilerMerges, 'utf8').trim().split('\n');
  assert.deepEqual(merges, [traces[0]]);
  assert.match(server.events, /compiling \S+ merged with \S+history-2\.json/);
  assert.doesNotMatch(server.events, /keeping the loaded handler/);
  const r = await server.run({ name: 'still' });
  assert.equal(r.headers['x-containerless-engine'], 'native');
  const m = await server.metrics();
  assert.equal(m.containerless_node_engine_starts_total, 2);
  assert.equal(m['containerless_compilations_total{result="ok"}'], 2);
  await server.stop();
});
