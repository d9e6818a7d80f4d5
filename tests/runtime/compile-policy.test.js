// End-to-end: the runtime's compile and abort policies: backing off failed compilations, guard aborts a recompilation cures.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { ECHO_ACTION, buildHandler, fakeCompiler, sha256, shimNode, startServer } = require('./harness');

/**
 * Waits until at least `started` compilations have started (the event comes once the trace is
 * fetched, after the reply that triggered it) and every one started has ended.
 */
async function settled(server, started = 0) {
  const count = (re) => (server.events.match(re) || []).length;
  // rustc at nice 19 on a busy machine: a real compilation may take seconds.
  const deadline = Date.now() + 60_000;
  while (count(/ info compiling /g) < started || count(/ info compiling /g) > count(/ info compiled | compilation failed/g)) {
    assert.ok(Date.now() < deadline, `no compilation settled:${server.logs()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs `n` traced activations of the echo action, each compilation settling before the next run. */
async function runSettled(server, n) {
  for (let i = 0; i < n; i++) {
    const r = await server.run({ name: `n${i}` });
    assert.equal(r.status, 200, r.text);
    await settled(server);
  }
}

// A compilation that fails the same way every time (a compiler bug, a construct it refuses late)
// used to run again after every CONTAINERLESS_COMPILE_AFTER traced activations, for ever: 29
// compilations in these 60 activations with the runtime before the change. Now each failure
// doubles the wait, and the fourth identical one stops: 4.
test('a compilation failing the same way backs off, then stops after four', async () => {
  const compiler = fakeCompiler(undefined, { exitCode: 3 });
  const server = await startServer({
    env: {
      CONTAINERLESS_NODE: shimNode(),
      CONTAINERLESS_COMPILER: compiler.file,
      CONTAINERLESS_COMPILE_AFTER: '2',
      SHIM_CODE_SHA256: sha256(ECHO_ACTION),
    },
  });
  try {
    assert.equal((await server.init(ECHO_ACTION)).status, 200);
    // Compilations at traced activations 2, 2+4, 6+8, 14+16 = 30; none after.
    await runSettled(server, 29);
    assert.equal((await server.metrics())['containerless_compilations_total{result="failed"}'], 3, server.logs());
    for (const n of [4, 8, 16]) {
      assert.match(server.events, new RegExp(`next compilation after ${n} traced activations \\(\\d failed in a row: exit status 3, signal 0\\)`));
    }
    await runSettled(server, 31);
    const m = await server.metrics();
    assert.equal(m['containerless_compilations_total{result="failed"}'], 4, server.logs());
    assert.match(server.events, /no more compilations: 4 in a row failed the same way \(exit status 3, signal 0\)/);
  } finally {
    await server.stop();
  }
});

// A handler that builds but cannot be used (here: built for other code) backs off the same way.
test('a built handler that is never adopted backs off too', async () => {
  const compiler = fakeCompiler(buildHandler('answer', sha256('other code')));
  const server = await startServer({
    env: {
      CONTAINERLESS_NODE: shimNode(),
      CONTAINERLESS_COMPILER: compiler.file,
      CONTAINERLESS_COMPILE_AFTER: '2',
      SHIM_CODE_SHA256: sha256(ECHO_ACTION),
    },
  });
  try {
    assert.equal((await server.init(ECHO_ACTION)).status, 200);
    await runSettled(server, 40);
    await server.waitFor(() => /no more compilations: 4 in a row failed the same way \(the handler was not adopted\)/.test(server.events), 'stop logged');
    const m = await server.metrics();
    assert.equal(m['containerless_compilations_total{result="ok"}'], 4, server.logs());
    assert.equal(m.containerless_native_ready, 0);
  } finally {
    await server.stop();
  }
});

/**
 * Trains `code` on node and on auto with `train`, waits for the native handler, then sends each
 * of `rounds` ([inputs, compilations started by its end]) to both, letting compilations settle
 * between rounds; `check` gets the auto server's engines per round. Every reply (status, content
 * type, body) must be Node's.
 */
async function differential(code, env, train, rounds, check) {
  const node = await startServer({ engine: 'node' });
  const auto = await startServer({ engine: 'auto', env });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(code)).status, 200);
    const both = async (v) => {
      const [a, b] = [await node.run(v), await auto.run(v)];
      assert.deepEqual([b.status, b.headers['content-type'], b.text], [a.status, a.headers['content-type'], a.text], JSON.stringify(v));
      return b.headers['x-containerless-engine'];
    };
    for (const v of train) await both(v);
    await settled(auto, 1);
    assert.equal((await auto.metrics()).containerless_native_ready, 1, auto.logs());
    const engines = [];
    for (const [inputs, started] of rounds) {
      const got = [];
      for (const v of inputs) got.push(await both(v));
      engines.push(got);
      await settled(auto, started);
    }
    await check(auto, engines);
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
  }
}

const TIMES_TWO = 'function main(a) { return { v: a.x * 2 }; }\n';
const numbers = (n) => Array.from({ length: n }, (_, i) => ({ x: i }));
const strings = (n) => Array.from({ length: n }, (_, i) => ({ x: i % 3 === 0 ? String(i) : `s${i}` }));

// A type change (numbers, then strings) makes the handler's guard fail. The fallbacks record the
// new type (the engine records operand types in its first 32 activations and in every fallback), and the next
// compilation generalises: these aborts are curable. They used to count toward demotion like any
// other: ten in a row before the recompilation (due after 12 fallbacks here) demoted the action.
test('guard aborts a recompilation cures do not demote: native again, answering as Node.js', async () => {
  const env = { CONTAINERLESS_COMPILE_AFTER: '12' };
  await differential(TIMES_TWO, env, numbers(12), [[strings(14), 2], [[...strings(6), ...numbers(3)], 2]], async (auto, engines) => {
    // The recompilation starts at the 12th fallback: those before it all fall back, with no demotion.
    assert.deepEqual(engines[0].slice(0, 12), Array(12).fill('node'));
    assert.deepEqual(engines[1], Array(9).fill('native'), auto.events.slice(-3000));
    const m = await auto.metrics();
    assert.equal(m.containerless_demotions_total, 0);
    assert.match(auto.events, /"reason":"guard".*expected a number, got string/);
    assert.doesNotMatch(auto.events, /demoted/);
  });
});

// Past its first 32 activations the engine records no operand types for ordinary activations,
// but it does for every fallback: the fallbacks' trace widens the type and the recompiled handler
// answers natively. Before the change, fallbacks after the 32nd activation carried no types,
// every recompiled handler guarded the same way, and ten guard aborts in a row demoted the
// action ("demoted to node for good: 10 consecutive aborts").
test('guard aborts after the first 32 engine activations are cured too: native again, answering as Node.js', async () => {
  const env = { CONTAINERLESS_COMPILE_AFTER: '33' };
  // Training: 40 numbers, the first compilation at the 33rd. Round 1: strings, each a guard abort
  // whose fallback records its types, the recompilation due by the 33rd fallback. Round 2: strings
  // and numbers, all native.
  await differential(TIMES_TWO, env, numbers(40), [[strings(33), 2], [[...strings(6), ...numbers(3)], 2]], async (auto, engines) => {
    assert.ok(engines[0].includes('node'), `no fallback in round 1: ${engines[0]}`);
    assert.deepEqual(engines[1], Array(9).fill('native'), auto.events.slice(-3000));
    assert.match(auto.events, /"reason":"guard".*expected a number, got string/);
    assert.doesNotMatch(auto.events, /demoted/);
    assert.equal((await auto.metrics()).containerless_demotions_total, 0);
  });
});
