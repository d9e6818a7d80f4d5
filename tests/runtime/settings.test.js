// End-to-end: every setting that names a program, a folder or a number is refused with its name and the reason (docs/operations.md, "Every setting").
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { test } = require('node:test');
const { ECHO_ACTION, RUNTIME, buildHandler, fakeCompiler, script, shimNode, startServer } = require('./harness');

const LAUNCHER = path.join(path.dirname(RUNTIME), 'containerless-actionloop');
const ENOENT = 'No such file or directory';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-settings-test-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

test('serve: a Node.js binary or a compiler that cannot be executed is a usage error at start, naming the variable and the reason', async () => {
  const plain = path.join(scratch, 'not-executable');
  fs.writeFileSync(plain, '');
  const cases = [
    [{ CONTAINERLESS_NODE: '/nonexistent/node' }, `CONTAINERLESS_NODE=/nonexistent/node: ${ENOENT}`],
    [{ CONTAINERLESS_NODE: 'no-such-node-binary' }, 'CONTAINERLESS_NODE=no-such-node-binary: not found on PATH'],
    [{ CONTAINERLESS_NODE: scratch }, `CONTAINERLESS_NODE=${scratch}: is a directory`],
    [{ CONTAINERLESS_COMPILER: '/nonexistent/compiler' }, `CONTAINERLESS_COMPILER=/nonexistent/compiler: ${ENOENT}`],
    [{ PATH: scratch }, 'cannot run the Node engine: node not found on PATH (set CONTAINERLESS_NODE to a Node.js binary)'],
  ];
  if (process.getuid() !== 0) cases.push([{ CONTAINERLESS_NODE: plain }, `CONTAINERLESS_NODE=${plain}: Permission denied`]);
  for (const [env, message] of cases) {
    // PATH=scratch: the sh front is run by its full path and execs the runtime by its full path.
    const server = await startServer({ env, expectExit: true });
    assert.deepEqual(server.exited, { code: 2, signal: null }, server.stderr);
    assert.equal(server.stderr, `containerless: ${message}\n`);
    assert.equal(server.stdout, '');
  }
  // Without compilations the compiler is never run, so it is not looked at.
  const server = await startServer({ env: { CONTAINERLESS_COMPILER: '/nonexistent/compiler', CONTAINERLESS_COMPILE_AFTER: '0' } });
  assert.equal((await server.init('function main() { return { ok: 1 }; }')).status, 200);
  await server.stop();
});

test('auto: a compiler that cannot be executed at compile time is said once, with the reason, and compiling stops', async () => {
  const compiler = fakeCompiler(buildHandler('answer'));
  const server = await startServer({ env: { CONTAINERLESS_COMPILER: compiler.file, CONTAINERLESS_COMPILE_AFTER: '2' } });
  fs.unlinkSync(compiler.file); // gone after the startup check
  assert.equal((await server.init('function main(a) { return { n: a.n }; }')).status, 200);
  for (let n = 0; n < 6; n++) assert.deepEqual((await server.run({ n })).json, { n });
  await server.waitFor(() => /no more compilations/.test(server.events), 'the compiler event');
  const said = server.events.match(/cannot execute the compiler .*/g);
  assert.deepEqual(said, [`cannot execute the compiler ${compiler.file}: ${ENOENT}; no more compilations`]);
  const m = await server.metrics();
  assert.equal(m['containerless_compilations_total{result="failed"}'], 1);
  assert.ok(!fs.existsSync(compiler.record), 'the compiler never ran');
  await server.stop();
});

test('auto: a Node.js binary gone after start gets 502s and events that say why, and the server keeps serving', async () => {
  const node = script(`node-then-gone-${Date.now()}`, `exec ${JSON.stringify(process.execPath)} "$@"`);
  // With a cache the engine starts on demand (at the first /init), after the file is gone.
  const cache = fs.mkdtempSync(path.join(scratch, 'cache-'));
  const server = await startServer({ env: { CONTAINERLESS_NODE: node, CONTAINERLESS_CACHE_DIR: cache, CONTAINERLESS_COMPILE_AFTER: '0' } });
  fs.unlinkSync(node);
  for (const reply of [await server.init('function main() { return {}; }'), await server.run({})]) {
    assert.equal(reply.status, 502);
    assert.match(reply.json.error, new RegExp(`cannot run the Node engine: CONTAINERLESS_NODE=${node}: ${ENOENT}`));
  }
  assert.match(server.events, new RegExp(`error cannot run the Node engine: CONTAINERLESS_NODE=${node}: ${ENOENT}`));
  assert.equal((await server.metrics()).containerless_node_engine_starts_total, 0);
  await server.stop();
});

test('auto: a cache folder that cannot be created is one event at start, and each store that fails says why', async () => {
  // Below a regular file: ENOTDIR for any user (root could create it anywhere else).
  const file = path.join(scratch, 'a-file');
  fs.writeFileSync(file, '');
  const cache = path.join(file, 'cache');
  const compiler = fakeCompiler(buildHandler('answer'));
  const server = await startServer({
    env: { CONTAINERLESS_CACHE_DIR: cache, CONTAINERLESS_NODE: shimNode(), CONTAINERLESS_COMPILER: compiler.file, CONTAINERLESS_COMPILE_AFTER: '2' },
  });
  assert.match(server.events, new RegExp(`error cannot create the handler cache CONTAINERLESS_CACHE_DIR=${cache}: Not a directory; handlers are not stored there`));
  assert.equal((await server.init(ECHO_ACTION)).status, 200);
  for (const name of ['a', 'b']) assert.deepEqual((await server.run({ name })).json, { greeting: `Hello ${name}` });
  await server.waitForMetric('containerless_native_ready', 1);
  await server.waitFor(() => /cannot store the handler in the cache/.test(server.events), 'the store event');
  assert.match(server.events, new RegExp(`error cannot store the handler in the cache ${cache}/runtime/[0-9a-f]+-[0-9a-f]+\\.so: Not a directory`));
  const r = await server.run({ name: 'c' });
  assert.equal(r.headers['x-containerless-engine'], 'native');
  await server.stop();
});

test('serve: CONTAINERLESS_RUNTIME that is not an executable file is named, with the path as given', () => {
  const env = { ...process.env, PORT: '0' };
  for (const [value, reason] of [
    ['/nonexistent', 'no such file'],
    [scratch, 'is a directory'],
  ]) {
    for (const via of [[path.join(__dirname, '..', '..', 'bin', 'containerless')], [process.execPath, path.join(__dirname, '..', '..', 'bin', 'containerless')]]) {
      const r = spawnSync(via[0], [...via.slice(1), 'serve'], { env: { ...env, CONTAINERLESS_RUNTIME: value }, encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr, `containerless: CONTAINERLESS_RUNTIME=${value}: ${reason}\n`);
    }
  }
});

/** Runs the launcher with `env` until it exits; resolves {code, stderr, fd3}. */
function launcherExit(env) {
  return new Promise((resolve) => {
    const child = spawn(LAUNCHER, [buildHandler('answer')], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: { ...process.env, OW_WAIT_FOR_ACK: '1', ...env } });
    const out = { stderr: '', fd3: '' };
    child.stderr.on('data', (c) => (out.stderr += c));
    child.stdio[3].on('data', (c) => (out.fd3 += c));
    child.on('close', (code) => resolve({ code, ...out }));
    child.stdin.end();
  });
}

test('the ActionLoop launcher refuses a bad CONTAINERLESS_FETCH_MAX_MB before its ack, as the runtime words it', async () => {
  for (const bad of ['abc', '10x', '0', '65537', '-5', ' 10']) {
    const r = await launcherExit({ CONTAINERLESS_FETCH_MAX_MB: bad });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `containerless-actionloop: CONTAINERLESS_FETCH_MAX_MB must be an integer from 1 to 65536, got "${bad}"\n`);
    assert.equal(r.fd3, '', 'no ack: the proxy reports the start as failed');
  }
  for (const good of ['10', '65536', '']) {
    const r = await launcherExit({ CONTAINERLESS_FETCH_MAX_MB: good });
    assert.deepEqual(r, { code: 0, stderr: '', fd3: '{"ok":true}\n' });
  }
});
