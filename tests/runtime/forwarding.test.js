// End-to-end: --engine auto forwards to the Node engine and answers, byte for byte, what the Node engine answers.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { SENTINEL, countSentinels, startServer } = require('./harness');
const harness = require('./harness');

const ACTION = `
let calls = 0;
function main(args) {
  calls++;
  console.log('args', args, 'call', calls);
  console.error('to stderr', { nested: [1, 2] });
  if (args.throw) throw new Error('boom');
  if (args.reject) return Promise.reject(new TypeError('nope'));
  if (args.string) return 'not a dictionary';
  if (args.array) return [1, 'two'];
  if (args.nothing) return;
  return { ok: true, calls, echo: args };
}
`;

/** The requests both servers get, in order. */
const SCRIPT = [
  ['POST', '/run', { value: { a: 1 } }],
  ['POST', '/init', { value: { name: 'x', main: 'main', binary: false, code: ACTION } }],
  ['POST', '/init', { value: { name: 'x', main: 'main', binary: false, code: ACTION } }],
  ['POST', '/run', { value: { name: 'ada' }, activation_id: 'a1', deadline: '9999999999999' }],
  ['POST', '/run', { value: { throw: true } }],
  ['POST', '/run', { value: { reject: true } }],
  ['POST', '/run', { value: { string: true } }],
  ['POST', '/run', { value: { array: true } }],
  ['POST', '/run', { value: { nothing: true } }],
  ['POST', '/run', { value: [1, 2, 3] }],
  ['POST', '/run', { value: 'a string' }],
  ['POST', '/run', {}],
  ['POST', '/run', ''],
  ['POST', '/run', '{"value": '],
  ['POST', '/run', '"just a string"'],
  ['POST', '/RUN/?x=1', { value: { route: 'variant' } }],
  ['POST', '/unknown', { value: {} }],
  ['GET', '/run', undefined],
  ['HEAD', '/run', undefined],
  ['DELETE', '/init', undefined],
  ['PUT', '/init', '{}'],
  ['POST', '/run', { value: { unicode: 'héllo ☃ 😀', n: 0.1, big: 12345678901234567890 } }],
];

async function play(server) {
  const replies = [];
  for (const [method, url, body] of SCRIPT) {
    const r = await server.request(method, url, body);
    replies.push({ status: r.status, type: r.headers['content-type'], length: r.headers['content-length'], body: r.text, engine: r.headers['x-containerless-engine'], url });
  }
  return replies;
}

test('auto mode answers every request as the Node engine does, with the same logs', async () => {
  const node = await startServer({ engine: 'node' });
  // Without tracing: the instrumented code of a traced engine reports other stack columns (see
  // the next test); this one checks that forwarding itself changes nothing.
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: '0', CONTAINERLESS_ENGINE_TRACE: '0' } });
  const expected = await play(node);
  const actual = await play(auto);
  for (let i = 0; i < SCRIPT.length; i++) {
    const what = `${SCRIPT[i][0]} ${SCRIPT[i][1]} ${JSON.stringify(SCRIPT[i][2])}`;
    assert.equal(actual[i].status, expected[i].status, what);
    assert.equal(actual[i].body, expected[i].body, what);
    assert.equal(actual[i].type, expected[i].type, what);
    assert.equal(actual[i].length, expected[i].length, what);
    assert.equal(expected[i].engine, undefined);
    const isRun = /^\/run\/?(\?|$)/i.test(SCRIPT[i][1]) && SCRIPT[i][0] === 'POST';
    assert.equal(actual[i].engine, isRun ? 'node' : undefined, `X-Containerless-Engine of ${what}`);
  }
  const runs = 11; // the /run requests that reached the action's code
  await node.waitForSentinels(runs);
  await auto.waitForSentinels(runs);
  const nodeLogs = await node.stop();
  const autoLogs = await auto.stop();
  assert.equal(autoLogs.stdout, nodeLogs.stdout);
  assert.equal(autoLogs.stderr.replace(/\(\/.*\)/g, ''), nodeLogs.stderr.replace(/\(\/.*\)/g, ''));
  assert.equal(countSentinels(autoLogs.stdout), runs);
  assert.equal(countSentinels(autoLogs.stderr), runs);
  assert.ok(autoLogs.stdout.includes(`args { name: 'ada' } call 1\n${SENTINEL}\n`), autoLogs.stdout);
});

test('auto mode with a tracing engine answers as the Node engine does, stack traces aside', async () => {
  const node = await startServer({ engine: 'node' });
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const expected = await play(node);
  const actual = await play(auto);
  const noStack = (text) => text.replace(/"stack":"(\\.|[^"\\])*"/g, '"stack":"…"');
  for (let i = 0; i < SCRIPT.length; i++) {
    const what = `${SCRIPT[i][0]} ${SCRIPT[i][1]} ${JSON.stringify(SCRIPT[i][2])}`;
    assert.equal(actual[i].status, expected[i].status, what);
    assert.equal(noStack(actual[i].body), noStack(expected[i].body), what);
  }
  await node.waitForSentinels(11);
  await auto.waitForSentinels(11);
  const nodeLogs = await node.stop();
  const autoLogs = await auto.stop();
  assert.equal(autoLogs.stdout, nodeLogs.stdout);
  assert.equal(countSentinels(autoLogs.stderr), 11);
});

test('auto mode counts Node activations in /metrics and keeps connections alive', async () => {
  const http = require('node:http');
  const auto = await startServer({ env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const r = await auto.request('POST', '/init', { value: { main: 'main', code: 'function main(a) { return a; }' } }, { agent });
  assert.equal(r.status, 200, r.text);
  for (let i = 0; i < 5; i++) {
    const run = await auto.request('POST', '/run', { value: { i } }, { agent });
    assert.deepEqual(run.json, { i });
    assert.equal(run.headers.connection, 'keep-alive');
  }
  agent.destroy();
  const m = await auto.metrics();
  assert.equal(m['containerless_activations_total{engine="node"}'], 5);
  assert.equal(m['containerless_activations_total{engine="native"}'], 0);
  assert.equal(m.containerless_native_ready, 0);
  assert.equal(m['containerless_compilations_total{result="ok"}'], 0);
  const logs = await auto.stop();
  assert.equal(countSentinels(logs.stdout), 5);
  assert.equal(countSentinels(logs.stderr), 5);
});

test('a Node engine that dies is restarted on demand with the action loaded again', async () => {
  const auto = await startServer({ env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const code = 'function main(a) { if (a.exit) process.exit(3); return { pid: process.pid }; }';
  assert.equal((await auto.init(code)).status, 200);
  const first = await auto.run({});
  assert.equal(first.status, 200);
  const died = await auto.run({ exit: true });
  assert.equal(died.status, 502, died.text);
  assert.equal(died.headers['x-containerless-engine'], 'node');
  const again = await auto.run({});
  assert.equal(again.status, 200, again.text + auto.logs());
  assert.notEqual(again.json.pid, first.json.pid);
  const m = await auto.metrics();
  assert.equal(m.containerless_node_engine_starts_total, 2);
  const logs = await auto.stop();
  // Every activation that reached the action's code ends with exactly one sentinel per stream.
  assert.equal(countSentinels(logs.stdout), 3);
  assert.equal(countSentinels(logs.stderr), 3);
});

test('serve is the runtime process itself: no wrapper stays resident', async () => {
  const fs = require('node:fs');
  const auto = await startServer({ env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  // bin/containerless execs the runtime (bin/containerless, the sh front): the pid spawned serves.
  assert.equal(fs.readFileSync(`/proc/${auto.pid}/comm`, 'utf8').trim(), 'containerless-r');
  assert.equal((await auto.init('function main() { return {}; }')).status, 200);
  await auto.stop();
});

test('when the runtime is killed outright, its Node engine does not outlive it', async () => {
  const fs = require('node:fs');
  const auto = await startServer({ env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  assert.equal((await auto.init('function main() { return {}; }')).status, 200);
  const children = (pid) => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const runtime = auto.pid; // serve execs the runtime
  const [engine] = children(runtime);
  assert.ok(runtime && engine, 'runtime and engine processes found');
  process.kill(runtime, 'SIGKILL');
  await auto.closed;
  const deadline = Date.now() + 5000;
  let alive = true;
  while (alive && Date.now() < deadline) {
    try {
      process.kill(engine, 0);
      await new Promise((r) => setTimeout(r, 25));
    } catch {
      alive = false;
    }
  }
  if (alive) auto.kill();
  assert.ok(!alive, 'the Node engine outlived the runtime');
  fs.rmSync(auto.tmpDir, { recursive: true, force: true });
});

test('a Node engine that never listens, or cannot start, is reported as a 502 and the server keeps serving', async () => {
  const sleeper = harness.script('node-that-never-listens', 'exec sleep 30');
  const slow = await startServer({
    env: { CONTAINERLESS_NODE: sleeper, CONTAINERLESS_ENGINE_START_TIMEOUT_MS: '300', CONTAINERLESS_COMPILE_AFTER: '0' },
  });
  const r = await slow.init('function main() { return {}; }');
  assert.equal(r.status, 502);
  assert.match(r.json.error, /did not start in time/);
  assert.equal((await slow.metrics()).containerless_node_engine_starts_total, 1);
  assert.match(slow.events, /did not listen within 300 ms; killing it/);
  const logs = await slow.stop();
  assert.equal(logs.stdout, '');

  // A binary that cannot start: the engine exits at once (one gone after the startup check, and
  // the reasons given for it, are in settings.test.js).
  const exits = harness.script('node-that-exits', 'exit 3');
  const missing = await startServer({ env: { CONTAINERLESS_NODE: exits, CONTAINERLESS_COMPILE_AFTER: '0' } });
  const m = await missing.init('function main() { return {}; }');
  assert.equal(m.status, 502);
  assert.match(m.json.error, /exited while starting with status 3 \(see the activation log\)/);
  assert.match(missing.events, /node engine exited: status 3/);
  const again = await missing.run({});
  assert.equal(again.status, 502);
  await missing.stop();
});
// The runtime owns its stdout and stderr alone: the Node engine writes into pipes the runtime
// relays in whole lines (actionloop/src/log_relay.h; finding H11-1). What the engine logged for
// an activation is written before the runtime sends that activation's reply on.
test('the Node engine\'s lines, longer than a pipe holds, reach stdout and stderr whole and before its reply', async () => {
  const auto = await startServer({ env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const code = `function main(a) {
  process.stdout.write('a line in two writes, ');
  console.log('o'.repeat(a.n));
  console.error('e'.repeat(a.n));
  return { n: a.n };
}`;
  assert.equal((await auto.init(code)).status, 200);
  const sizes = [10, 300000, 1000000, 70000];
  for (const [i, n] of sizes.entries()) {
    const r = await auto.run({ n });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['x-containerless-engine'], 'node');
    // Written before the reply: what this process has not read yet is in its pipes, read within a
    // few turns of its loop, without waiting for any more writes.
    for (let k = 0; k < 3; k++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(countSentinels(auto.stdout), i + 1, `stdout sentinel of activation ${i} before its reply`);
    assert.equal(countSentinels(auto.stderr), i + 1, `stderr sentinel of activation ${i} before its reply`);
  }
  const logs = await auto.stop();
  assert.equal(logs.stdout, sizes.map((n) => `a line in two writes, ${'o'.repeat(n)}\n${SENTINEL}\n`).join(''));
  assert.equal(logs.stderr, sizes.map((n) => `${'e'.repeat(n)}\n${SENTINEL}\n`).join(''));
});

test('a Node engine that exits mid-line still has its last words written', async () => {
  const auto = await startServer({ env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const code = "function main(a) { console.log('before'); process.stdout.write('last words, no newline'); process.exit(3); }";
  assert.equal((await auto.init(code)).status, 200);
  const r = await auto.run({});
  assert.equal(r.status, 502, r.text);
  const deadline = Date.now() + 5000;
  while (!auto.stdout.includes('last words') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  // Its unfinished line ends where it broke off, before the sentinels the runtime writes for the
  // activation that failed.
  const logs = await auto.stop();
  assert.equal(logs.stdout, `before\nlast words, no newline\n${SENTINEL}\n`);
});

// (Lines that fill the pipe are not in this test: Node.js itself writes the rest of a queued stderr
// line after later stdout lines then, its two streams being separate handles on one pipe.)
test('stdout and stderr as one file: the Node engine\'s lines keep their order across the two streams', async () => {
  const auto = await startServer({ mergeStreams: true, env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  const code = `function main() {
  console.log('out 1');
  console.error('err ' + 'e'.repeat(3000));
  console.log('out 2');
  console.error('err 2');
  return {};
}`;
  assert.equal((await auto.init(code)).status, 200);
  for (let i = 0; i < 2; i++) assert.equal((await auto.run({})).status, 200);
  const logs = await auto.stop();
  const one = `out 1\nerr ${'e'.repeat(3000)}\nout 2\nerr 2\n${SENTINEL}\n${SENTINEL}\n`;
  assert.equal(logs.stdout, one + one);
  assert.equal(logs.stderr, '');
});
