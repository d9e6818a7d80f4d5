// Unit tests of the hooks and event lists: per-activation lists under concurrency, callee identity, stop, bounds.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { instrument } = require('./instrument');
const { TraceSession, stripEntry, peekProperty, NOPE, MAX_EVENTS } = require('./recorder');
const { BUILTIN_PATHS } = require('./builtins');

/** Loads instrumented `code` in a session whose recorder collects lists; returns {session, main, lists}. */
function load(code) {
  const { code: out, program } = instrument(code, { types: false }); // the type events have tests of their own
  const lists = { module: undefined, runs: [] };
  const session = new TraceSession(program, {
    mergeModule: (e) => {
      lists.module = [...e];
    },
    merge: (e) => lists.runs.push([...e]),
  });
  session.beginModule();
  let main;
  try {
    main = new Function(`${out}\nreturn main;`)();
  } finally {
    session.endModule();
  }
  return { session, main, lists };
}

// Concurrent activations, each into its own list: context.test.js.

test('a built-in is recognised by identity: a replaced console.log is "anything else"', () => {
  const { session, main, lists } = load('function main(p) { p.log(1); console.log(2); return {}; }');
  const orig = console.log;
  const out = [];
  console.log = (v) => out.push(v);
  try {
    const act = session.activation();
    act.call(main, { log: () => {} });
    act.end();
  } finally {
    console.log = orig;
  }
  assert.deepEqual(out, [2]);
  assert.deepEqual(lists.runs[0], [0, -1, 1, -1]);
  const { session: s2, main: m2, lists: l2 } = load('function main(p) { return Math.max(p.a, 2); }');
  const act = s2.activation();
  act.call(m2, { a: 1 });
  act.end();
  assert.deepEqual(l2.runs[0], [0, -2 - BUILTIN_PATHS.indexOf('Math.max')]);
});

test('main\'s own enter and exit are not in the list; a helper\'s are, after its call event', () => {
  const { session, main, lists } = load('function twice(x) { return x * 2; }\nfunction main(p) { return twice(p.n); }');
  const act = session.activation();
  assert.equal(act.call(main, { n: 2 }), 4);
  act.end();
  assert.deepEqual(lists.runs[0], [0, 0, -1, 0, -2, 0]);
});

test('stop() makes every hook a no-op and nothing more is merged', () => {
  const { session, main, lists } = load('function main(p) { return p.a || p.b ? [p.f()] : 0; }');
  session.stop();
  const act = session.activation();
  assert.deepEqual(act.call(main, { a: 0, b: 1, f: () => 7 }), [7]);
  act.end();
  assert.equal(lists.runs.length, 0);
});

test('an activation past the event bound is dropped, not merged', () => {
  const { session, main, lists } = load('function main(p) { let i = 0; while (i < p.n) i++; return i; }');
  const act = session.activation();
  assert.equal(act.call(main, { n: MAX_EVENTS }), MAX_EVENTS);
  act.end();
  assert.equal(lists.runs.length, 0);
  assert.equal(session.rejected, 1);
  assert.match(session.lastRejection, /more than \d+ events/);
});

test('events after the list is closed (a timer main left behind) are ignored', async () => {
  const { session, main, lists } = load('function main(p) { setTimeout(() => { if (p.x) {} }, 1); return 1; }');
  const act = session.activation();
  act.call(main, { x: 1 });
  act.end();
  const before = [...lists.runs[0]];
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(lists.runs[0], before);
});

test('stripEntry removes main\'s enter and everything from its exit on', () => {
  assert.deepEqual([...stripEntry([-1, 3, 0, 1, -1, 4, -2, 0, -2, 0, 5, 0], 3)], [0, 1, -1, 4, -2, 0]);
  assert.deepEqual([...stripEntry([0, 1], 3)], [0, 1]);
});

test('peekProperty reads through descriptors and never runs a getter or a proxy trap', () => {
  let ran = 0;
  const o = { get g() { ran++; return 1; }, f() {} };
  assert.equal(peekProperty(o, 'g'), NOPE);
  assert.equal(peekProperty(o, 'f'), o.f);
  assert.equal(peekProperty('s', 'trim'), String.prototype.trim);
  assert.equal(peekProperty([], 'push'), Array.prototype.push);
  assert.equal(peekProperty(new Proxy({}, { getOwnPropertyDescriptor() { ran++; } }), 'x'), NOPE);
  assert.equal(peekProperty(null, 'x'), NOPE);
  assert.equal(ran, 0);
});

test('for...of still works, untraced, when the action replaced Array.isArray', () => {
  const { session, main, lists } = load('function main(p) { let s = 0; for (const x of p.xs) s += x; return s; }');
  const original = Array.isArray;
  let calls = 0;
  Array.isArray = (v) => {
    calls++;
    return original(v);
  };
  try {
    const act = session.activation();
    assert.equal(act.call(main, { xs: [1, 2, 3] }), 6);
    act.end();
  } finally {
    Array.isArray = original;
  }
  assert.equal(calls, 0, 'the hooks called the replaced Array.isArray');
  assert.deepEqual(lists.runs[0], [0, -1]); // the call of a replaced Array.isArray is "anything else"
});

test('receivers kept for a call that never happened (it threw) do not pile up', () => {
  const { session, main } = load('function g(p) { return p.s.trim().toUpperCase(p.bad.x); }\nfunction main(p) { return g(p); }');
  for (let i = 0; i < 100; i++) {
    const act = session.activation();
    assert.throws(() => act.call(main, { s: ' a ' }), TypeError);
    act.end();
  }
  const act = session.activation();
  assert.equal(act.call(main, { s: ' a ', bad: {} }), 'A');
  act.end();
  const { receiversKept } = require('./recorder');
  assert.equal(receiversKept(), 0);
});

test('for...in records the program\'s checks, Object.keys, each key\'s turn (a deleted one not `in`), and the end only when the loop completes', () => {
  const { session, main, lists } = load("function main(p) { const seen = []; for (const k in p.o) { if (k === p.stop) break; if (k === 'del') delete p.o.later; seen.push(k); } return seen; }");
  const run = (args) => {
    const act = session.activation();
    try {
      return act.call(main, args);
    } finally {
      act.end();
    }
  };
  assert.deepEqual(run({ o: { del: 1, later: 2, z: 3 } }), ['del', 'z']);
  assert.deepEqual(run({ o: { a: 1, b: 2 }, stop: 'b' }), ['a']);
  const getPrototypeOf = -2 - BUILTIN_PATHS.indexOf('Object.getPrototypeOf');
  const keys = -2 - BUILTIN_PATHS.indexOf('Object.keys');
  const loopSites = (l) => {
    const pairs = [];
    for (let i = 0; i < l.length; i += 2) pairs.push([l[i], l[i + 1]]);
    return pairs;
  };
  const [first, second] = lists.runs.map(loopSites);
  // null check (else), getPrototypeOf, Object.prototype (then), Object.keys: the sites 0..5 in order.
  assert.deepEqual(first.slice(0, 4).map(([, b]) => b), [1, getPrototypeOf, 0, keys]);
  const more = first[4][0];
  const has = first[5][0];
  const turns = first.filter(([a]) => a === more || a === has).map(([a, b]) => `${a === more ? 'more' : 'has'}:${b}`);
  assert.deepEqual(turns, ['more:0', 'has:0', 'more:0', 'has:1', 'more:0', 'has:0', 'more:1'], 'del, later (deleted: not in), z, the end');
  const turns2 = second.filter(([a]) => a === more || a === has).map(([a, b]) => `${a === more ? 'more' : 'has'}:${b}`);
  assert.deepEqual(turns2, ['more:0', 'has:0', 'more:0', 'has:0'], 'a, then b broke out: no end');
});

test('a callback host\'s user callback is recorded at every invocation; a sort comparator and an async callback are muted', () => {
  const code = [
    'function main(p) {',
    '  const k = p.k;',
    '  const ys = p.xs.map((x) => (x > k ? x : k));',
    '  const zs = [...p.xs].sort((a, b) => a - b);',
    '  const ws = p.xs.map(async (x) => { await null; return x + k; });',
    '  return { ys, zs, n: ws.length };',
    '}',
  ].join('\n');
  const { session, main, lists } = load(code);
  const { program } = instrument(code, { types: false });
  const act = session.activation();
  const out = act.call(main, { k: 2, xs: [3, 1] });
  act.end();
  assert.deepEqual(out.ys, [3, 2]);
  const MAP = -2 - BUILTIN_PATHS.indexOf('Array.prototype.map');
  const SORT = -2 - BUILTIN_PATHS.indexOf('Array.prototype.sort');
  const ev = lists.runs[0];
  const arrow = program.functions.find((f) => f.captures && f.params[0] === 'x' && !f.async);
  assert.deepEqual(arrow.captures, ['k']);
  const mapAt = ev.findIndex((v, i) => i % 2 === 1 && v === MAP);
  // map's call event, then both invocations in full: enter, the `?:` decision, exit.
  const ifSite = ev[mapAt + 3];
  assert.deepEqual(ev.slice(mapAt - 1, mapAt + 13), [ev[mapAt - 1], MAP, -1, arrow.id, ifSite, 0, -2, 0, -1, arrow.id, ifSite, 1, -2, 0]);
  // sort: one enter and exit for all of its comparator's runs; the async callback (which may not
  // run whole at its call: its tail reads its parameter, async-calls.js): enter and exit per
  // invocation, nothing of its body.
  const sortAt = ev.findIndex((v, i) => i % 2 === 1 && v === SORT);
  assert.equal(ev[sortAt + 1], -1);
  assert.equal(ev[sortAt + 3], -2);
  assert.notEqual(ev[sortAt + 5], -1);
  const asyncId = program.functions.find((f) => f.async).id;
  const mapAt2 = ev.findIndex((v, i) => i % 2 === 1 && v === MAP && i > sortAt);
  assert.deepEqual(ev.slice(mapAt2 + 1, mapAt2 + 9), [-1, asyncId, -2, 0, -1, asyncId, -2, 0]);
});
