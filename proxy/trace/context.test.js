// Which list an event goes to without AsyncLocalStorage: interleaved activations against sequential ones, stray continuations, no async hooks.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');
const { instrument } = require('./instrument');
const { TraceSession } = require('./recorder');

/** Loads instrumented `code` in a session whose recorder collects lists; returns {session, main, lists}. */
function load(code, options = {}) {
  const { code: out, program } = instrument(code, { types: false });
  const lists = { module: undefined, runs: [] };
  const session = new TraceSession(program, { mergeModule: (e) => (lists.module = [...e]), merge: (e) => lists.runs.push([...e]) }, options);
  session.beginModule();
  let main;
  try {
    main = new Function(`${out}\nreturn main;`)();
  } finally {
    session.endModule();
  }
  return { session, main, lists };
}

/** Runs main on each input as the engine does (enter, main, leave; end when its promise settles); resolves to each input's list, in input order. */
async function listsOf({ session, main, lists }, inputs, concurrent) {
  const one = async (input) => {
    const act = session.activation();
    let list;
    try {
      act.enter();
      let result;
      try {
        result = main(input);
      } finally {
        act.leave();
      }
      return { result: await result };
    } catch (error) {
      return { error: error.message };
    } finally {
      act.end();
      list = lists.runs[lists.runs.length - 1]; // merged at once (no deferMerges): this activation's
      input.list = list;
    }
  };
  const outcomes = [];
  if (concurrent) outcomes.push(...(await Promise.all(inputs.map(one))));
  else for (const input of inputs) outcomes.push(await one(input));
  return { outcomes, lists: inputs.map((input) => input.list) };
}

const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asserts that every list has the event of main's last top-level `if` (`if (p.done) ...`, after
 * every await, its else side): the lists are compared with each other elsewhere, and a mechanism
 * that lost the events after an await would lose them alike in every run.
 */
function assertEndsRecorded({ session }, lists) {
  const main = session.program.functions[session.program.main_function];
  const site = main.body.filter((s) => s.s === 'if').pop().site;
  for (const list of lists) {
    const at = list.findIndex((v, k) => k % 2 === 0 && v === site);
    assert.ok(at >= 0 && list[at + 1] === 1, `no (${site}, 1) in ${list}`);
  }
}

test('activations interleaved by timers record into their own lists, the same as run one after the other', async () => {
  const code = `async function main(p) {
  for (let k = 0; k < 3; k++) {
    if (p.x) p.n++;
    await p.wait(k);
  }
  if (p.done) p.n = 0;
  return p.n;
}`;
  const inputs = () => Array.from({ length: 20 }, (_, i) => ({ x: i % 2, n: 0, wait: (k) => tick(1 + ((i * 7 + k) % 5)) }));
  const sequential = await listsOf(load(code), inputs(), false);
  const loaded = load(code);
  const concurrent = await listsOf(loaded, inputs(), true);
  assert.deepEqual(concurrent.outcomes, sequential.outcomes);
  assert.deepEqual(concurrent.lists, sequential.lists);
  assertEndsRecorded(loaded, concurrent.lists);
  assert.notDeepEqual(sequential.lists[0], sequential.lists[1]); // the two kinds of input differ
  assert.ok(sequential.lists[0].length >= 18, String(sequential.lists[0]));
});

test('activations interleaved by promise continuations alone do not mix either', async () => {
  const code = `async function main(p) {
  for (let k = 0; k < 5; k++) {
    if (p.x) p.n++;
    await null;
    if (p.x) p.n++;
    await Promise.resolve(k);
  }
  if (p.done) p.n = 0;
  return p.n;
}`;
  const inputs = () => [0, 1, 2, 3, 4, 5].map((i) => ({ x: i % 2, n: 0 }));
  const sequential = await listsOf(load(code), inputs(), false);
  const loaded = load(code);
  const concurrent = await listsOf(loaded, inputs(), true);
  assert.deepEqual(concurrent.lists, sequential.lists);
  assertEndsRecorded(loaded, concurrent.lists);
  assert.deepEqual(
    concurrent.outcomes.map((o) => o.result),
    [0, 10, 0, 10, 0, 10]
  );
});

/**
 * Sixty interleaved activations of an action with every kind of async invocation: helpers awaited
 * at once (inlined), a call whose promise is kept (muted), a rejected await caught in a catch and
 * a finally block, callbacks of a built-in, a .then callback, and timers it leaves behind.
 */
const ROUTER = `
async function get(p, k) {
  const v = await p.io(k);
  if (v < 0) throw new RangeError('negative ' + k);
  return v;
}
async function twice(p, k) {
  const a = await get(p, k);
  const b = await get(p, k + 1);
  return a + b;
}
async function background(p) {
  await p.io(99);
  if (p.x) p.n++;
  return 0;
}
async function main(p) {
  const kept = background(p);
  let total = 0;
  for (let i = 0; i < p.rounds; i++) {
    try {
      total += await twice(p, i);
    } catch (e) {
      if (e instanceof RangeError) total -= 1;
      else total -= 100;
    } finally {
      if (total > 5) total = total + 0;
    }
  }
  const doubled = p.items.map((x) => x * 2);
  if (doubled.length > 1) total += doubled[1];
  p.later(() => { if (p.x) p.late = 1; });
  await kept;
  const last = await p.io(7).then((v) => (v > 8 ? v + 1 : v - 1));
  if (last > 3) total++;
  if (p.done) total = 0;
  return { total, n: p.n };
}`;

function routerInputs() {
  return Array.from({ length: 60 }, (_, i) => ({
    x: i % 3 === 0,
    n: 0,
    rounds: 1 + (i % 4),
    items: Array.from({ length: i % 5 }, (_, j) => j + i),
    // Resolves after a delay that differs per activation and call; k = 2 fails for every fourth one.
    io: (k) => tick((i * 13 + k * 7) % 6).then(() => (k === 2 && i % 4 === 1 ? -1 : k + (i % 7))),
    // A timer left behind: it fires while other activations run.
    later: (f) => setTimeout(f, (i * 5) % 9),
  }));
}

test('sixty interleaved activations give each the list it gives alone (inlined, muted, caught, callbacks, timers)', async () => {
  const sequential = await listsOf(load(ROUTER), routerInputs(), false);
  const concurrentLoad = load(ROUTER);
  const concurrent = await listsOf(concurrentLoad, routerInputs(), true);
  assert.deepEqual(concurrent.outcomes, sequential.outcomes);
  for (let i = 0; i < 60; i++) assert.deepEqual(concurrent.lists[i], sequential.lists[i], `activation ${i}`);
  assertEndsRecorded(concurrentLoad, concurrent.lists);
  await tick(20); // the timers left behind fire with nothing current
  assert.equal(concurrentLoad.session.rejected, 0, concurrentLoad.session.lastRejection);
  assert.equal(concurrentLoad.lists.runs.length, 60);
});

test('a then callback records into its own activation, after the call (awaited at once or not); a rejected receiver records nothing of it', async () => {
  const code = `async function main(p) {
  const a = await p.io().then((v) => (v > 2 ? 'big' : 'small'));
  const kept = p.io().then((v) => (v > 2 ? 1 : 2));
  let b = 'none';
  try {
    b = await p.fail().then((v) => (v ? 'yes' : 'no'));
  } catch (e) {
    b = 'caught';
  }
  return [a, await kept, b];
}`;
  const inputs = () =>
    [0, 1, 2, 3, 4, 5].map((i) => ({
      io: () => tick((i * 7) % 5).then(() => i),
      fail: () => tick(i % 3).then(() => (i % 2 ? Promise.reject(new Error('x')) : i)),
    }));
  const sequential = await listsOf(load(code), inputs(), false);
  const loaded = load(code);
  const concurrent = await listsOf(loaded, inputs(), true);
  assert.deepEqual(concurrent.outcomes, sequential.outcomes);
  assert.deepEqual(concurrent.lists, sequential.lists);
  assert.equal(loaded.session.rejected, 0, loaded.session.lastRejection);
  const program = loaded.session.program;
  const fn = (text) => program.functions.findIndex((f) => f.name === '' && JSON.stringify(f.body).includes(text));
  const [big, kept, yes] = [fn('"big"'), fn('"v":1'), fn('"yes"')];
  for (let i = 0; i < 6; i++) {
    const list = [...concurrent.lists[i]];
    const enters = [];
    for (let k = 0; k < list.length; k += 2) if (list[k] === -1) enters.push(list[k + 1]);
    // The first callback's group, the kept one's (not awaited at once: recorded apart, put after
    // its call), and the third's only when p.fail() fulfilled (even i).
    assert.deepEqual(enters, i % 2 ? [big, kept] : [big, kept, yes], `activation ${i}: ${list}`);
  }
});

test('then callbacks not awaited at once record into their own activation, each group right after its call, whatever order they ran in', async () => {
  const code = `async function main(p) {
  const [a, b] = await Promise.all([p.io(1).then((v) => (v > 2 ? 'big' : 'small')), p.io(2).then((v) => (v % 2 ? 'odd' : 'even'))]);
  return [a, b];
}`;
  // The second fetch answers first for some activations, last for others.
  const inputs = () => [0, 1, 2, 3, 4, 5].map((i) => ({ io: (k) => tick(k === 1 ? (i * 3) % 5 : (i * 7) % 4).then(() => i) }));
  const sequential = await listsOf(load(code), inputs(), false);
  const loaded = load(code);
  const concurrent = await listsOf(loaded, inputs(), true);
  assert.deepEqual(concurrent.outcomes, sequential.outcomes);
  assert.deepEqual(concurrent.lists, sequential.lists);
  assert.equal(loaded.session.rejected, 0, loaded.session.lastRejection);
  const thenCalls = new Set();
  for (const f of loaded.session.program.functions) for (const st of f.body) if (st.s === 'call' && st.args.length === 1 && st.args[0].a === 'var') thenCalls.add(st.site);
  for (const list of concurrent.lists) {
    const ev = [...list];
    // Each then call's event (site, the built-in) is followed by its callback's enter.
    let groups = 0;
    for (let k = 0; k + 2 < ev.length; k += 2) {
      if (thenCalls.has(ev[k]) && ev[k + 2] === -1) groups++;
    }
    assert.equal(groups, 2, `${ev}`);
  }
});

test("the tracer's reaction to a then's promise adds no unhandled rejection and runs none of a subclass's code", async () => {
  const code = `async function main(p) {
  let r = 'none';
  try {
    r = await p.fail().then((v) => v + 1);
  } catch (e) {
    r = 'caught';
  }
  const q = p.sub.then((v) => v * 2);
  return [r, await q, p.sub.seen];
}`;
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    class Sub extends Promise {
      static get [Symbol.species]() {
        Sub.species++;
        return Promise;
      }
    }
    Sub.species = 0;
    const inputs = [0, 1, 2].map((i) => ({ fail: () => tick(i).then(() => Promise.reject(new Error('x'))), sub: Sub.resolve(i) }));
    const loaded = load(code);
    const { outcomes } = await listsOf(loaded, inputs, true);
    await tick(5);
    assert.deepEqual(outcomes.map((o) => o.result), [['caught', 0, undefined], ['caught', 2, undefined], ['caught', 4, undefined]]);
    assert.equal(unhandled.length, 0, String(unhandled[0]));
    assert.equal(Sub.species, 3, "only the action's own then calls read the subclass's species");
    assert.equal(loaded.session.rejected, 0, loaded.session.lastRejection);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('a catch block after a rejected await records into its own activation', async () => {
  const code = `async function main(p) {
  try {
    await p.fail();
  } catch (e) {
    if (e.code === 1) return 'one';
  }
  return 'other';
}`;
  const loaded = load(code);
  const failing = (code, ms) => ({ fail: () => tick(ms).then(() => Promise.reject(Object.assign(new Error('x'), { code }))) });
  const { lists, outcomes } = await listsOf(loaded, [failing(1, 3), failing(2, 1), failing(1, 0)], true);
  assert.deepEqual(
    outcomes.map((o) => o.result),
    ['one', 'other', 'one']
  );
  // The call of p.fail, then the catch's `if`: then side (0) for code 1, else (1) for code 2. A
  // catch block recorded nowhere would make the three lists the same.
  assert.deepEqual(lists[0], lists[2]);
  assert.equal(lists[0].length, lists[1].length);
  const differ = lists[0].map((v, k) => (v === lists[1][k] ? -1 : k)).filter((k) => k >= 0);
  assert.deepEqual(differ.length, 1, `${lists[0]} / ${lists[1]}`);
  assert.deepEqual([lists[0][differ[0]], lists[1][differ[0]]], [0, 1]);
});

test('a stray continuation (a timer, a .then callback) of a finished activation records into no running one', async () => {
  const code = `function helper(p) { if (p.x) return 1; return 2; }
async function main(p) {
  if (p.leave) {
    setTimeout(() => helper(p), 0);
    Promise.resolve().then(() => helper(p));
    return 'left';
  }
  await p.wait();
  helper(p);
  await p.wait();
  return 'stayed';
}`;
  const alone = await listsOf(load(code), [{ leave: false, x: true, wait: () => tick(5) }], false);
  const loaded = load(code);
  const inputs = [{ leave: false, x: true, wait: () => tick(5) }, ...Array.from({ length: 5 }, () => ({ leave: true, x: false }))];
  const { lists } = await listsOf(loaded, inputs, true);
  assert.deepEqual(lists[0], alone.lists[0]);
  await tick(10);
  assert.equal(loaded.session.rejected, 0, loaded.session.lastRejection);
});

test('tracing concurrent activations creates no AsyncLocalStorage and turns on no async or promise hook', () => {
  // A fresh process: the test runner's own async bookkeeping must not be counted.
  const script = `
const ah = require('node:async_hooks');
const calls = [];
for (const m of ['run', 'enterWith', 'getStore']) {
  const orig = ah.AsyncLocalStorage.prototype[m];
  ah.AsyncLocalStorage.prototype[m] = function (...a) { calls.push('AsyncLocalStorage.' + m); return orig.apply(this, a); };
}
const createHook = ah.createHook;
ah.createHook = (...a) => { calls.push('createHook'); return createHook(...a); };
const v8 = require('node:v8');
for (const k of Object.keys(v8.promiseHooks)) {
  const orig = v8.promiseHooks[k];
  v8.promiseHooks[k] = (...a) => { calls.push('promiseHooks.' + k); return orig(...a); };
}
const { instrument } = require(${JSON.stringify(path.join(__dirname, 'instrument.js'))});
const { TraceSession } = require(${JSON.stringify(path.join(__dirname, 'recorder.js'))});
const { code, program } = instrument('async function get(p) { const v = await p.io(); if (v) return 1; return 2; }\\nasync function main(p) { const a = await get(p); if (p.x) return a; return 0; }');
let merged = 0;
const session = new TraceSession(program, { mergeModule() {}, merge() { merged++; } });
session.beginModule();
const main = new Function(code + '\\nreturn main;')();
session.endModule();
(async () => {
  await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const act = session.activation();
    act.enter();
    const r = main({ x: i % 2, io: () => new Promise((res) => setTimeout(() => res(i % 3), i % 4)) });
    act.leave();
    try { await r; } finally { act.end(); }
  }));
  // With promise hooks on, a promise reaction runs with a non-zero async id.
  const id = await Promise.resolve().then(() => ah.executionAsyncId());
  console.log(JSON.stringify({ calls, merged, id }));
})();`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), { calls: [], merged: 20, id: 0 });
});
