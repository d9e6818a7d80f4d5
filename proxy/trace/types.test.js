// Unit tests of the operand-type events (trace-ir.md section 7) and of the async invocation rules of the hooks.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { loadTraced, runTraced } = require('./test-session');

const load = loadTraced;
const run = runTraced;

/** The expressions of main's body that carry a site, by the local they set. */
function sitesOf(program, id) {
  const sites = {};
  for (const s of program.functions[id].body) if (s.s === 'set' && s.value && s.value.site !== undefined) sites[s.name] = s.value.site;
  return sites;
}

/** The (site, mask) pairs of a list whose site is in `sites`. */
function typeEvents(list, sites) {
  const wanted = new Set(Object.values(sites));
  const out = [];
  for (let i = 0; i < list.length; i += 2) if (wanted.has(list[i])) out.push([list[i], list[i + 1]]);
  return out;
}

const NUM = 8;
const STR = 16;
const OBJ = 32;
const ARR = 64;

test('binary operators, element reads, property reads, unary operators and template substitutions record their operand types', async () => {
  const loaded = load('function main(p) { const a = p.x + p.y; const b = p.xs[p.i]; const c = -p.x; const d = `${p.s}`; return [a, b, c, d]; }');
  const sites = sitesOf(loaded.program, 0);
  assert.deepEqual(await run(loaded, { x: 1, y: 'z', xs: [5], i: 0, s: 's' }), ['1z', 5, -1, 's']);
  const events = new Map(typeEvents(loaded.lists[0], sites));
  assert.equal(events.get(sites.a), NUM | (STR << 8));
  assert.equal(events.get(sites.b), ARR | (NUM << 8));
  assert.equal(events.get(sites.c), NUM);
  const tostring = loaded.program.functions[0].body.find((s) => s.value && s.value.e === 'tostring');
  assert.equal(new Map(typeEvents(loaded.lists[0], { t: tostring.value.site })).get(tostring.value.site), STR);
  const getP = loaded.program.functions[0].body.find((s) => s.value && s.value.e === 'get' && s.value.key.v === 'x');
  assert.equal(events.get(getP.value.site), OBJ | (STR << 8));
});

test('a loop records an operation\'s types once per stretch, and again only for a new type', async () => {
  const loaded = load('function main(p) { let s = 0; for (let i = 0; i < p.xs.length; i++) { s = s + p.xs[i]; } return s; }');
  const sum = loaded.program.functions[0].body.flatMap(function flat(s) {
    return [s, ...['then', 'else', 'body'].flatMap((k) => (Array.isArray(s[k]) ? s[k].flatMap(flat) : []))];
  }).find((s) => s.s === 'set' && s.name === 's' && s.value.e === 'binary');
  assert.equal(await run(loaded, { xs: [1, 2, 3, 4, 'x', 5] }), '10x5');
  const events = loaded.lists[0].filter((v, i, l) => i % 2 === 0 && v === sum.value.site).length;
  assert.equal(events, 3, 'number + number once (four times in the loop), then number + string, then string + number');
});

test('types are recorded during the first typeActivations activations only', async () => {
  const loaded = load('function main(p) { return p.a * 2; }', { typeActivations: 2 });
  for (let i = 0; i < 4; i++) assert.equal(await run(loaded, { a: i }), i * 2);
  const counts = loaded.lists.map((l) => l.length / 2);
  assert.ok(counts[0] > 0 && counts[1] === counts[0], `lists ${JSON.stringify(loaded.lists)}`);
  assert.deepEqual([counts[2], counts[3]], [0, 0]);
});

// A fallback (the engine's /run re-executing a native abort) records types whatever the count: a
// type guard that failed natively is widened by the next compilation only if it does. Concurrent
// activations record them too while it runs; after its end, the others are pass-throughs again.
test('an activation started with types records them past the first typeActivations, until its end', async () => {
  const loaded = load('async function main(p) { const x = p.a * 2; await p.wait; return x + 1; }', { typeActivations: 1 });
  const runWith = async (types, args) => {
    const act = loaded.session.activation({ types });
    try {
      return await act.call(loaded.main, args);
    } finally {
      act.end();
    }
  };
  assert.equal(await runWith(false, { a: 1 }), 3); // the first: types
  assert.equal(await runWith(false, { a: 2 }), 5); // past the count: none
  assert.equal(await runWith(true, { a: '3' }), 7); // a fallback: types
  assert.equal(await runWith(false, { a: 4 }), 9); // none again
  // A fallback suspended at its await while another activation runs: both record; then neither.
  let release;
  const wait = new Promise((r) => {
    release = r;
  });
  const fallback = runWith(true, { a: 5, wait });
  assert.equal(await runWith(false, { a: 6 }), 13);
  release();
  assert.equal(await fallback, 11);
  assert.equal(await runWith(false, { a: 7 }), 15);
  const counts = loaded.lists.map((l) => l.length / 2);
  assert.equal(counts.length, 7);
  const [typed, plain] = [counts[0], counts[1]];
  assert.ok(typed > plain, `lists ${JSON.stringify(loaded.lists)}`);
  assert.deepEqual(counts, [typed, plain, typed, plain, typed, typed, plain], `lists ${JSON.stringify(loaded.lists)}`);
  // The fallback's list says the left operand of `*` was a string.
  const mul = loaded.program.functions[0].body.find((s) => s.s === 'set' && s.value && s.value.e === 'binary' && s.value.op === '*');
  const masks = (l) => l.filter((v, i) => i % 2 === 1 && l[i - 1] === mul.value.site);
  assert.deepEqual(masks(loaded.lists[2]), [STR | (NUM << 8)]);
  assert.deepEqual(masks(loaded.lists[1]), []);
});

test('a default value gets no type site (it runs before the enter event); typeof of a global keeps its ReferenceError-free read', async () => {
  const loaded = load('function f(x, y = -1) { return x + y; }\nfunction main(p) { return [f(p.a), typeof nothingHere]; }');
  assert.deepEqual(await run(loaded, { a: 2 }), [1, 'undefined']);
  const defaultSet = loaded.program.functions[0].body.find((s) => s.s === 'if').then[0];
  assert.equal(defaultSet.value.site, undefined);
});

test('x++ and x += y record the name\'s type and number arithmetic', async () => {
  const loaded = load('function main(p) { let i = p.s; i++; let t = p.n; t += p.n; return [i, t]; }');
  assert.deepEqual(await run(loaded, { s: '4', n: 2 }), [5, 4]);
  const body = loaded.program.functions[0].body;
  const plus = body.find((s) => s.value && s.value.e === 'unary' && s.value.op === '+');
  const step = body.find((s) => s.value && s.value.e === 'binary' && s.value.right.v === 1);
  const compound = body.find((s) => s.value && s.value.e === 'binary' && s.value.op === '+' && s.value.right.a === 'var');
  const ev = new Map(typeEvents(loaded.lists[0], { a: plus.value.site, b: step.value.site, c: compound.value.site }));
  assert.equal(ev.get(plus.value.site), STR);
  assert.equal(ev.get(step.value.site), NUM | (NUM << 8));
  assert.equal(ev.get(compound.value.site), NUM | (NUM << 8));
});

test('an async callee awaited at once is entered and nested; one whose promise is kept is -2^31 with no events of its body', async () => {
  // `x + 0` after g's first await reads a parameter (state its caller could change meanwhile):
  // its kept call is not run whole at the call (async-calls.js), so it is muted.
  const loaded = load('async function g(x) { await null; if (x) {} return x + 0; }\nasync function main(p) { const a = await g(p.a); const kept = g(2); if (a) {} return a + (await kept); }');
  assert.equal(await run(loaded, { a: 1 }), 3);
  const ev = loaded.lists[0];
  const pairs = [];
  for (let i = 0; i < ev.length; i += 2) pairs.push([ev[i], ev[i + 1]]);
  const enters = pairs.filter(([a]) => a === -1);
  assert.equal(enters.length, 1, `one traced enter of g: ${JSON.stringify(pairs)}`);
  assert.ok(pairs.some(([, b]) => b === -2147483648), 'the kept call names -2^31');
  const enterAt = pairs.findIndex(([a]) => a === -1);
  const exitAt = pairs.findIndex(([a]) => a === -2);
  assert.ok(exitAt > enterAt && pairs.slice(enterAt + 1, exitAt).some(([a, b]) => a >= 0 && (b === 0 || b === 1)), 'g\'s decision is inside its enter/exit');
});

test('an async callback of a built-in is an enter and an exit, with nothing of its body', async () => {
  const loaded = load('async function main(p) { const xs = await Promise.all(p.xs.map(async (x) => { await null; if (x) {} return x * 2; })); return xs; }');
  assert.deepEqual(await run(loaded, { xs: [1, 2] }), [2, 4]);
  const ev = loaded.lists[0];
  const pairs = [];
  for (let i = 0; i < ev.length; i += 2) pairs.push([ev[i], ev[i + 1]]);
  const enters = pairs.map(([a], i) => (a === -1 ? i : -1)).filter((i) => i >= 0);
  assert.equal(enters.length, 2);
  for (const i of enters) assert.equal(pairs[i + 1][0], -2, `the callback's enter is followed by its exit: ${JSON.stringify(pairs)}`);
});

test('o.k++ and o.k += e peek the property (no getter runs) for their types', async () => {
  let getterRuns = 0;
  const loaded = load('function main(p) { const o = { n: p.s, m: 1 }; o.n++; o.m += p.x; const h = p.g; h.v++; return [o.n, o.m, h.v]; }');
  const g = {
    get v() {
      getterRuns++;
      return 1;
    },
    set v(x) {},
  };
  assert.deepEqual(await run(loaded, { s: '2', x: 0.5, g }), [3, 1.5, 1]);
  assert.equal(getterRuns, 2, 'the getter ran as often as without hooks (read once by v++, once by the return)');
  const sets = [];
  const walk = (b) => b.forEach((s) => { if (s.s === 'set' && s.value && s.value.site !== undefined) sets.push(s.value); });
  walk(loaded.program.functions[0].body);
  const ev = new Map();
  for (let i = 0; i < loaded.lists[0].length; i += 2) ev.set(loaded.lists[0][i], loaded.lists[0][i + 1]);
  const plus = sets.filter((e) => e.e === 'unary' && e.op === '+');
  assert.equal(ev.get(plus[0].site), STR, 'o.n held a string');
  assert.equal(ev.get(plus[1].site), undefined, 'a getter is not run by the hook: no type');
  const compound = sets.find((e) => e.e === 'binary' && e.op === '+' && e.right.a === 'var' && e.left.a === 'var');
  assert.equal(ev.get(compound.site), NUM | (NUM << 8));
});

test('an operation left by a throw caught in the same frame does not lend its left operand to the next one', () => {
  // Two binary sites of main: the first's right operand threw (its tl entry stays), the second runs.
  const loaded = load('function main(p) { const a = p.s + p.t; const b = p.n * p.m; return [a, b]; }');
  const sites = sitesOf(loaded.program, 0);
  const act = loaded.session.activation();
  const h = loaded.session.hooks;
  act.call(() => {
    h.tl(sites.a, 'left of an operation whose right operand threw');
    h.tr(sites.b, h.tl(sites.b, 3) && 4);
  });
  act.end();
  const ev = loaded.lists[0];
  assert.deepEqual([...ev], [sites.b, NUM | (NUM << 8)], 'number * number, not string * number');
});
