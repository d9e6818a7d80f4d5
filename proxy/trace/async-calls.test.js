// Unit tests of async-calls.js: which async helpers are traced where their promise is not awaited at once, and where their events go.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { loadTraced, runTraced } = require('./test-session');
const { eagerAsyncFunctions } = require('./async-calls');
const { normalizeProgram } = require('./normalize');

const ASYNC_CALLEE = -2147483648;

const load = loadTraced;
const run = runTraced;

const pairsOf = (ev) => {
  const pairs = [];
  for (let i = 0; i < ev.length; i += 2) pairs.push([ev[i], ev[i + 1]]);
  return pairs;
};

/** The ids of the functions `eagerAsyncFunctions` accepts, by name. */
function eagerNames(code) {
  const { program } = normalizeProgram(code);
  return [...eagerAsyncFunctions(program).keys()].map((id) => program.functions[id].name).sort();
}

test('which async functions may run whole at their call: a quiet tail after a first await of a fresh value', () => {
  const code = `
    async function fetchJson(u) { const r = await fetch(u); return r.json(); }
    async function shaped(base, id) { const res = await fetch(base + id, { headers: { a: 'b' } }); if (!res.ok) return { id, status: res.status }; const d = await res.json(); return { id, name: d.name.trim() }; }
    async function noAwait(x) { console.log(x); return x * 2; }
    async function logs(u) { const r = await fetch(u); console.log('got'); return r.status; }
    async function readsParam(o) { const r = await fetch(o.u); return r.status + o.k; }
    async function awaitsParam(p) { const v = await p; return v; }
    async function branchAwait(u, c) { if (c) { await fetch(u); } return 1; }
    async function makesClosure(u) { const r = await fetch(u); return () => r; }
    async function checked(id) { const res = await fetch('u' + id); if (!res.ok) throw new Error(\`user \${id}: \${res.status}\`); return res.json(); }
    async function storesParam(user) { const box = {}; box.u = user; const r = await fetch('u'); return box.u.name; }
    async function pushesParam(user) { const list = []; list.push(user); const r = await fetch('u'); return list[0].name; }
    async function closureStores(user) { const box = {}; [user].forEach((x) => { box.u = x; }); const r = await fetch('u'); return box.u.name; }
    async function viaThen(u) { const d = await fetch(u).then((r) => r.json()); return d.items; }
    async function viaThenLogs(u) { const d = await fetch(u).then((r) => { console.log(u); return r.json(); }); return d; }
    async function logsThenThrows(id) { const res = await fetch('u'); if (!res.ok) { console.log(id); if (id) return 1; throw new Error('x'); } return res.json(); }
    async function main(p) { return 1; }`;
  // `logs` passes here: its tail's calls are checked on the events (a built-in among
  // TAIL_BUILTINS, which console.log is not), next tests.
  // `checked` throws on the side that reads its parameter: native code aborts there.
  // A function made in the tail is checked as a tail (it runs later, as a host's callback or as
  // the caller calls it: at the same point in both).
  // viaThenLogs's then callback (run later in Node.js, a tail) logs its parameter u.
  assert.deepEqual(eagerNames(code), ['checked', 'fetchJson', 'logs', 'makesClosure', 'noAwait', 'shaped', 'viaThen']);
});

test('an eager invocation is recorded apart and spliced right after its call event, which names it', async () => {
  const loaded = load(`
    async function g(x) { const v = await Promise.resolve(1); if (v) {} return { x, v }; }
    async function main(p) { const [a, b] = await Promise.all([g(p.a), g(2)]); if (a) {} return [a, b]; }`);
  assert.deepEqual(await run(loaded, { a: 1 }), [{ x: 1, v: 1 }, { x: 2, v: 1 }]);
  const pairs = pairsOf(loaded.lists[0]);
  assert.ok(!pairs.some(([, b]) => b === ASYNC_CALLEE), `no call is -2^31: ${JSON.stringify(pairs)}`);
  const gId = loaded.program.functions.find((f) => f.name === 'g').id;
  const calls = pairs.map((p, i) => (p[1] === gId && p[0] >= 0 && pairs[i + 1] && pairs[i + 1][0] === -1 ? i : -1)).filter((i) => i >= 0);
  assert.equal(calls.length, 2, JSON.stringify(pairs));
  for (const i of calls) {
    assert.deepEqual(pairs[i + 1], [-1, gId], 'the enter follows the call');
    const exit = pairs.findIndex(([a], j) => j > i && a === -2);
    assert.ok(pairs.slice(i + 2, exit).some(([a, b]) => a >= 0 && (b === 0 || b === 1)), "g's decision after its await is inside its enter/exit");
  }
  // main's own decision comes after both groups.
  assert.ok(pairs.findIndex(([a]) => a === -2) < pairs.length - 1);
});

test('nested eager invocations land inside their caller group, in place', async () => {
  const loaded = load(`
    async function leaf(x) { const v = await Promise.resolve(1); return v; }
    async function mid(x) { const [a, b] = await Promise.all([leaf(1), leaf(2)]); return 0; }
    async function main(p) { const r = await Promise.all([mid(1), mid(2)]); return r; }`);
  assert.deepEqual(await run(loaded, {}), [0, 0]);
  // (With \`Promise.resolve(x)\`, a value from its parameter, leaf would not qualify: muted.)
  const pairs = pairsOf(loaded.lists[0]);
  assert.ok(!pairs.some(([, b]) => b === ASYNC_CALLEE), JSON.stringify(pairs));
  let depth = 0;
  let deepest = 0;
  for (const [a] of pairs) {
    if (a === -1) deepest = Math.max(deepest, ++depth);
    else if (a === -2) depth--;
  }
  assert.equal(depth, 0, 'balanced');
  assert.equal(deepest, 2, 'leaf inside mid');
  assert.equal(pairs.filter(([a]) => a === -1).length, 6);
});

test('a tail that calls a built-in outside the list, or a helper still running when the activation ends, stays -2^31', async () => {
  let loaded = load(`
    async function g(x) { const v = await Promise.resolve(1); const t = Date.now(); return v; }
    async function main(p) { const r = await Promise.all([g(1), g(2)]); return r; }`);
  assert.deepEqual(await run(loaded, {}), [1, 1]);
  let pairs = pairsOf(loaded.lists[0]);
  assert.equal(pairs.filter(([, b]) => b === ASYNC_CALLEE).length, 2, JSON.stringify(pairs));
  assert.equal(pairs.filter(([a]) => a === -1).length, 0, 'nothing of g is kept');

  loaded = load(`
    async function g(x) { const v = await new Promise((r) => setTimeout(r, 20)); return v; }
    async function main(p) { g(1); return 1; }`);
  assert.equal(await run(loaded, {}), 1);
  pairs = pairsOf(loaded.lists[0]);
  assert.deepEqual(pairs.filter(([, b]) => b === ASYNC_CALLEE).length, 1, JSON.stringify(pairs));
  await new Promise((r) => setTimeout(r, 40)); // g ends after its activation: its group is dropped
  assert.equal(loaded.lists.length, 1);
});

test('callback hosts in a tail: callbacks made there are traced; one made before the await, or one with an effect, is not', async () => {
  const run3 = async (code) => {
    const loaded = load(code);
    const result = await run(loaded, {});
    return { result, pairs: pairsOf(loaded.lists[0]) };
  };
  let { result, pairs } = await run3(`
    async function g(x) { const d = await Promise.resolve([1, 2, 3]); const k = 2; return d.map((v) => v * k).filter((v) => v > 2); }
    async function main(p) { const r = await Promise.all([g(1), g(2)]); return r; }`);
  assert.deepEqual(result, [[4, 6], [4, 6]]);
  assert.ok(!pairs.some(([, b]) => b === ASYNC_CALLEE), JSON.stringify(pairs));
  ({ result, pairs } = await run3(`
    async function g(x) { const twice = (v) => v * 2; const d = await Promise.resolve([1, 2]); return d.map(twice); }
    async function main(p) { const r = await Promise.all([g(1)]); return r; }`));
  assert.deepEqual(result, [[2, 4]]);
  assert.equal(pairs.filter(([, b]) => b === ASYNC_CALLEE).length, 1, `a callback made before the await: ${JSON.stringify(pairs)}`);
  ({ result, pairs } = await run3(`
    async function g(x) { const d = await Promise.resolve([1, 2]); return d.map((v) => { Date.now(); return v; }); }
    async function main(p) { const r = await Promise.all([g(1)]); return r; }`));
  assert.deepEqual(result, [[1, 2]]);
  assert.equal(pairs.filter(([, b]) => b === ASYNC_CALLEE).length, 1, `a callback with an effect: ${JSON.stringify(pairs)}`);
});

test('async callbacks of map: each invocation recorded whole, marked eager, spliced after the call in the order they began', async () => {
  // (Its first await takes a value made from its parameter by an operator: a primitive.)
  const loaded = load(`
    async function main(p) {
      const r = await Promise.all(p.xs.map(async (x) => { const v = await Promise.resolve(x * 1); if (v > 1) return v; return 0; }));
      return r;
    }`);
  assert.deepEqual(await run(loaded, { xs: [3, 1, 2] }), [3, 0, 2]);
  const pairs = pairsOf(loaded.lists[0]);
  const cb = loaded.program.functions.find((f) => f.async && f.name === '').id;
  const enters = pairs.map(([a, b], i) => (a === -1 && b === cb ? i : -1)).filter((i) => i >= 0);
  assert.equal(enters.length, 3, JSON.stringify(pairs));
  for (const i of enters) assert.deepEqual(pairs[i + 1], [-3, 0], 'the eager event follows the enter');
  // The decisions of the three invocations, in element order: then (3), else (1), then (2).
  const decisions = enters.map((i) => {
    const exit = pairs.findIndex(([a], j) => j > i && a === -2);
    return pairs.slice(i + 2, exit).find(([a, b]) => a >= 0 && (b === 0 || b === 1))[1];
  });
  assert.deepEqual(decisions, [0, 1, 0]);
  // Right after map's call event, before Promise.all's.
  assert.ok(pairs[enters[0] - 1][0] >= 0 && pairs[enters[0] - 1][1] < -1, JSON.stringify(pairs));
});

test('async callbacks of map that may not run whole, and of forEach, stay muted (enter, exit)', async () => {
  for (const code of [
    `async function main(p) { const r = await Promise.all(p.xs.map(async (x) => { const v = await Promise.resolve(x * 1); console.log(v); return v; })); return r; }`,
    `async function main(p) { const r = await Promise.all(p.xs.map(async (x) => { const v = await Promise.resolve(1); return v + x; })); return r; }`,
    `async function main(p) { const out = []; p.xs.forEach(async (x) => { out.push(x); }); return out; }`,
  ]) {
    const loaded = load(code);
    await run(loaded, { xs: [1, 2] });
    const pairs = pairsOf(loaded.lists[0]);
    assert.ok(!pairs.some(([a]) => a === -3), `${code}: ${JSON.stringify(pairs)}`);
    const cb = loaded.program.functions.find((f) => f.async && f.name === '').id;
    const i = pairs.findIndex(([a, b]) => a === -1 && b === cb);
    assert.deepEqual(pairs[i + 1], [-2, 0], `${code}: muted`);
  }
});

test('an async callback of map whose tail called a built-in outside the list: a muted enter and exit in its place', async () => {
  const loaded = load(`
    async function main(p) {
      const r = await Promise.all(p.xs.map(async (x) => { const d = await Promise.resolve([x * 1]); return d.sort(); }));
      return r;
    }`);
  assert.deepEqual(await run(loaded, { xs: [2, 1] }), [[2], [1]]);
  const pairs = pairsOf(loaded.lists[0]);
  assert.ok(!pairs.some(([a]) => a === -3), JSON.stringify(pairs));
  const cb = loaded.program.functions.find((f) => f.async && f.name === '').id;
  const enters = pairs.map(([a, b], i) => (a === -1 && b === cb ? i : -1)).filter((i) => i >= 0);
  assert.equal(enters.length, 2);
  for (const i of enters) assert.deepEqual(pairs[i + 1], [-2, 0]);
});
