// End-to-end: a handler that overflows its stack or faults is not silent: the event log names it, the handler cache drops it, and the next runtime serves the action in Node.js.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { ECHO_ACTION, buildHandler, fakeCompiler, startServer } = require('./harness');

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Waits for the server process to end on its own; returns {code, signal} and removes what it left. */
async function crashed(server) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(undefined), 15_000);
  });
  const exited = await Promise.race([server.closed, timeout]);
  clearTimeout(timer);
  fs.rmSync(server.tmpDir, { recursive: true, force: true });
  return exited;
}

for (const crash of ['stack', 'segv']) {
  test(`a cached handler that crashes (${crash}): logged, removed from the cache, and the next runtime answers in node`, async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-rt-crash-'));
    try {
      const cached = path.join(cache, 'runtime', `${sha256(ECHO_ACTION)}-${sha256('main').slice(0, 16)}.so`);
      fs.mkdirSync(path.dirname(cached));
      fs.copyFileSync(buildHandler('answer'), cached);

      const first = await startServer({ env: { CONTAINERLESS_CACHE_DIR: cache } });
      assert.deepEqual((await first.init(ECHO_ACTION)).json, { OK: true });
      const ok = await first.run({ name: 'a' });
      assert.equal(ok.headers['x-containerless-engine'], 'native');
      assert.deepEqual(ok.json, { greeting: 'Hello a' });
      // The crash: the request gets no reply, the process ends with the signal's default action.
      const lost = await first.run({ name: 'b', crash }).then((r) => r.status, (e) => e.code || e.message);
      assert.notEqual(lost, 200);
      const exited = await crashed(first);
      assert.deepEqual(exited, { code: null, signal: 'SIGSEGV' }, first.logs());
      assert.match(first.events, new RegExp(`error native handler crashed: SIGSEGV \\(a stack overflow or an invalid memory access\\) in ${cached.replace(/[.]/g, '\\.')}; removed it from the handler cache`));
      assert.equal(fs.existsSync(cached), false, 'the crashing handler left the cache');
      assert.match(fs.readFileSync(`${cached}.crashed`, 'utf8'), /native handler crashed: SIGSEGV/);

      // A fresh runtime for the same code: no cached handler, and no compilation either (a
      // compiler whose own cache gives the same crashing handler back stands in for the real one).
      const compiler = fakeCompiler(buildHandler('answer'));
      const second = await startServer({
        env: { CONTAINERLESS_CACHE_DIR: cache, CONTAINERLESS_COMPILE_AFTER: '1', CONTAINERLESS_COMPILER: compiler.file },
      });
      assert.deepEqual((await second.init(ECHO_ACTION)).json, { OK: true });
      for (const name of ['c', 'd', 'e']) {
        const again = await second.run({ name, crash });
        assert.equal(again.headers['x-containerless-engine'], 'node');
        assert.deepEqual(again.json, { greeting: `Hello ${name}` });
      }
      const m = await second.metrics();
      assert.equal(m.containerless_cache_hits_total, 0);
      assert.equal(m['containerless_compilations_total{result="ok"}'], 0);
      assert.equal(fs.existsSync(compiler.record), false, 'the compiler was not run');
      assert.match(second.events, /a handler for this code crashed a runtime before .*; the action stays in node/);
      await second.stop();
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
}

test('native: a handler that overflows its stack is logged before the runtime ends', async () => {
  const server = await startServer({ engine: 'native', args: ['--handler', buildHandler('answer')] });
  assert.equal((await server.init(ECHO_ACTION)).status, 200);
  assert.equal((await server.run({ name: 'a' })).status, 200);
  await server.run({ name: 'b', crash: 'stack' }).catch(() => undefined);
  const exited = await crashed(server);
  assert.deepEqual(exited, { code: null, signal: 'SIGSEGV' });
  // The line has the event log's own form: "<UTC time> error <text>".
  assert.match(server.events, /\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error native handler crashed: SIGSEGV .* in .*handler-answer-[0-9a-f]+\.so; the runtime stops\n/);
});
