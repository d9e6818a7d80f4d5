// Closures and array callbacks end to end: traces compiled, run natively, and compared with Node.js byte for byte.
//
// Two kinds of cases. Hand-written traces of the closures contract's shape
// (compiler/testdata/golden/closures.json, callbacks.json, callback_guard.json, which are also
// golden tests of the emitted Rust): each is compiled, run on inputs, and every answer must be
// Node's for the JavaScript it was written from, with the abort reasons listed where the trace
// does not cover an input. And real programs traced by the tracer (`traced: true`): closures and
// callbacks the tracer records; there every native answer must be Node's, aborts are counted.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test } = require('node:test');

const ROOT = path.resolve(__dirname, '..', '..');
const GOLDEN = path.join(ROOT, 'compiler', 'testdata', 'golden');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');

const CASES = [
  {
    name: 'closures',
    trace: 'closures.json',
    code: `function main(args) {
  const k = args.k;
  const add = (x) => x + k;
  const r = add(args.x);
  const mk = (a) => (b) => a * b + k;
  const times = mk(r);
  const out = times(2);
  console.log(add, [times]);
  return { r, out, same: add === add, t: typeof add, j: JSON.stringify({ f: add, v: 1 }) };
}`,
    // [input, expected native outcome: 'identical' or an abort reason]
    inputs: [
      [{ k: 3, x: 4 }, 'identical'],
      [{ k: 's', x: 4 }, 'identical'],
      [{ k: [1], x: 'a' }, 'identical'],
      [{ k: 0.5 }, 'identical'],
    ],
  },
  {
    name: 'callbacks',
    trace: 'callbacks.json',
    code: `function main(args) {
  const xs = args.xs;
  const k = args.k;
  const ys = xs.map((x, i) => x * k + i);
  const zs = xs.filter((x) => x > k);
  xs.forEach((x) => console.log(x));
  const s = xs.some((x) => x === k);
  const e = xs.every((x) => typeof x === 'number');
  const f = xs.find((x) => x > k);
  const sum = xs.reduce((a, x) => a + x, 0);
  const sum2 = xs.reduce((a, x, i, arr) => a + x);
  const hs = [1, , 3];
  const hm = hs.map((x) => x * 2);
  const fi = hs.findIndex((x) => x === undefined);
  console.log(hm);
  return { ys, zs, s, e, f, fi, sum, sum2, hm };
}`,
    inputs: [
      [{ xs: [1, 2, 3], k: 2 }, 'identical'],
      [{ xs: [5, 'a', 2], k: 'a' }, 'identical'],
      [{ xs: [0.5, -1, null, { a: 1 }], k: 0 }, 'identical'],
      [{ xs: [7], k: 7 }, 'identical'],
      [{ xs: [], k: 1 }, 'throw'], // reduce of an empty array without an initial value
      [{ xs: { length: 1 }, k: 1 }, 'guard'], // not an array: xs.map is undefined
    ],
  },
  {
    name: 'callback_guard',
    trace: 'callback_guard.json',
    code: `function main(args) {
  const xs = args.xs;
  const f = args.up ? (x) => x + 1 : (x) => x - 1;
  const ys = xs.map(f);
  const s = xs.some(f);
  return { ys, s };
}`,
    inputs: [
      [{ xs: [], up: true }, 'identical'],
      [{ xs: [], up: false }, 'identical'], // no invocation: any function is fine
      [{ xs: [1, 2], up: false }, 'guard'], // map's callback is not the traced one
      [{ xs: [1, 2], up: true }, 'guard'], // some ran no callback when traced
    ],
  },
];

// Real programs, traced by the tracer on `train` inputs, then run on all of `inputs`.
const TRACED = [
  {
    name: 'capture chain and methods',
    code: `function main(args) {
  const base = args.base;
  const scale = (f) => (x) => f * x + base;
  const twice = scale(2);
  const o = { k: base, get(y) { return twice(y) + '!'; } };
  function addBase(p) { const inner = (q) => q + p; return inner(args.base); }
  return { a: twice(args.x), b: o.get(3), c: addBase(args.x), d: typeof twice };
}`,
    train: [{ base: 1, x: 2 }, { base: 10, x: -1 }],
    fresh: [{ base: 0.5, x: 3 }, { base: 'b', x: 1 }, { base: 2 }, { x: 1 }],
  },
  {
    name: 'the eight hosts',
    code: `function main(args) {
  const xs = args.xs || [];
  const lim = args.lim;
  const ys = xs.map((x, i) => x * 2 + i);
  const big = xs.filter((x) => x > lim);
  xs.forEach((x, i) => console.log(i, x));
  const any = xs.some((x) => x === lim);
  const all = xs.every((x) => x >= 0);
  const first = xs.find((x) => x > lim);
  const at = xs.findIndex((x) => x > lim);
  const total = xs.reduce((a, x) => a + x, 0);
  const prod = xs.length > 0 ? xs.reduce((a, x) => a * x) : 1;
  return { ys, big, any, all, first, at, total, prod };
}`,
    train: [{ xs: [1, 5, 3], lim: 2 }, { xs: [], lim: 0 }, { xs: [4], lim: 4 }],
    fresh: [{ xs: [9, 8, 7, 6], lim: 7 }, { xs: [-1, 0], lim: -5 }, { xs: [2, 'a'], lim: 1 }, { lim: 1 }, { xs: [1.5, 2.5], lim: 2 }],
  },
  {
    name: 'callbacks calling closures, nested hosts',
    code: `function main(args) {
  const words = args.words;
  const sep = args.sep;
  const tag = (w) => '<' + w + sep + '>';
  const tagged = words.map((w) => tag(w));
  const lens = words.map((w) => w.length).filter((n) => n > 1);
  const grid = words.map((w) => words.map((v) => v === w));
  const joined = tagged.reduce((acc, t) => acc + t, '');
  console.log(tag);
  return { tagged, lens, grid, joined };
}`,
    train: [{ words: ['a', 'bb'], sep: '|' }, { words: ['ccc'], sep: '' }],
    fresh: [{ words: [], sep: '-' }, { words: ['x', 'yy', 'zzz'], sep: 1 }, { words: ['a', 'a'], sep: '/' }],
  },
  {
    name: 'module-level hosts and closures',
    code: `const T = [1, 2, 3].map((x) => x * 10);
function mk(a) { return (b) => a + b; }
const add1 = mk(1);
function main(args) {
  const ys = T.filter((t) => t > args.n).map((t) => add1(t));
  console.log(add1, [T]);
  return { ys, s: T.some((t) => t === args.n) };
}`,
    train: [{ n: 15 }, { n: 20 }],
    fresh: [{ n: 0 }, { n: 30 }, { n: '10' }],
  },
  {
    name: 'edge semantics: per-iteration captures, mutation while iterating, holes',
    code: `function main(args) {
  const xs = args.xs;
  const fns = [];
  for (const x of xs) fns.push(() => x * 2);
  const called = fns.map((f) => f());
  const same = [fns.length > 1 && fns[0] === fns[1], fns.length > 0 && fns[0] === fns[0]];
  const grown = xs.slice();
  grown.forEach((x, i, arr) => { if (i === 0) arr.push(99); });
  const shrunk = xs.slice();
  const seen = shrunk.map((x, i, arr) => (i === 0 ? arr.pop() : x));
  const holes = [1, , 3];
  const found = [holes.find((x) => x === undefined), holes.findIndex((x) => x === undefined), holes.some((x) => x === undefined)];
  const acc = xs.reduce((a, x) => a + x, undefined);
  const empty = [[].some((x) => true), [].every((x) => false), [].find((x) => true), [].findIndex((x) => true)];
  const none = xs.filter((x) => { if (x > 100) return true; });
  const o = { k: args.k, g: (y) => y * 3 + args.k };
  console.log(fns.length ? fns[0] : null, empty);
  return { called, same, grown, seen, found, acc, empty, none, g: o.g(2) };
}`,
    train: [{ xs: [1, 2, 3], k: 1 }, { xs: [], k: 0 }, { xs: [5, 200], k: 2 }],
    fresh: [{ xs: [7], k: 3 }, { xs: [0.5, -2, 101, 4], k: 1 }, { xs: ['a', 1], k: 'b' }],
  },
  {
    name: 'built-in callbacks',
    code: `function main(args) {
  const xs = args.xs;
  const strs = xs.map(String);
  const truthy = xs.filter(Boolean);
  const ints = ['10', '11', '12'].map(parseInt);
  const nums = strs.map(Number);
  xs.forEach(console.log);
  const max = xs.reduce(Math.max, -Infinity);
  return { strs, truthy, ints, nums, max, any: xs.some(Number.isInteger) };
}`,
    train: [{ xs: [1, 0, 2.5] }, { xs: [] }],
    fresh: [{ xs: ['a', null, true, 7] }, { xs: [[1], { k: 1 }] }, { xs: [-0, NaN] }],
  },
];

// The Node.js side (fuzz/node_side.js answerCases) runs in a child process of this file.
const { answerCases, runAsNodeSide } = require('./fuzz/node_side');
if (!runAsNodeSide('CL_CLOSURES_NODE_SIDE', answerCases)) defineTests();

/** Runs `cases` ({code, inputs (JSON texts), train, trace?}) both ways; one outcome list each. */
async function runBoth(cases) {
  const { compare, runChunk } = require('./fuzz/fuzz');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-closures-'));
  try {
    fs.mkdirSync(path.join(dir, 'traces'));
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({ cases }));
    const side = spawnSync(process.execPath, [__filename], { env: { ...process.env, CL_CLOSURES_NODE_SIDE: dir }, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(side.status, 0, `node side failed:\n${side.stderr.slice(-4000)}`);
    const entries = JSON.parse(fs.readFileSync(path.join(dir, 'node.json'), 'utf8'));
    const toRun = [];
    for (const [k, c] of cases.entries()) {
      const trace = c.trace || path.join(dir, 'traces', `${k}.json`);
      assert.ok(fs.existsSync(trace), `case ${k}: no trace (${entries[k].reason})`);
      const compiled = spawnSync(COMPILER, [trace, '--emit-rust', path.join(dir, 'rust', `p${k}`)], { encoding: 'utf8' });
      assert.equal(compiled.status, 0, `case ${k}: containerless-compile: ${compiled.stderr}`);
      toRun.push({ k, inputs: c.inputs });
    }
    const outcomes = await runChunk(dir, 0, toRun, 'closures');
    return cases.map((c, k) =>
      c.inputs.map((input, i) => {
        const node = entries[k].node[i];
        const native = outcomes[k][i];
        return { input, node, native, verdict: compare(node, native) };
      })
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function defineTests() {
  const { missingTools } = require('./fuzz/fuzz');
  const missing = missingTools();
  const skip = missing.length > 0 && `not built (make build): ${missing.join(', ')}`;

  test('traced closures and callbacks: every native answer is identical to Node.js', { skip, timeout: 300_000 }, async () => {
    const cases = TRACED.map((c) => ({ code: c.code, inputs: [...c.train, ...c.fresh].map((i) => JSON.stringify(i)), train: c.train.length }));
    const results = await runBoth(cases);
    let identical = 0;
    for (const [k, c] of TRACED.entries()) {
      for (const r of results[k]) {
        if (process.env.CL_CLOSURES_VERBOSE) console.log(c.name, r.input, r.verdict.kind, r.verdict.reason || '', JSON.stringify(r.native.abort || ''));
        assert.notEqual(r.verdict.kind, 'different', `${c.name} on ${r.input}:\n  node   ${JSON.stringify(r.node)}\n  native ${JSON.stringify(r.native)}`);
        if (r.verdict.kind === 'identical') identical += 1;
      }
      // Every training input went down a traced path: it must answer natively.
      for (const r of results[k].slice(0, c.train.length)) {
        assert.equal(r.verdict.kind, 'identical', `${c.name}: training input ${r.input} did not answer natively: ${JSON.stringify(r.native)}`);
      }
    }
    assert.ok(identical >= 12, `only ${identical} native answers`);
  });

  test('closure fuzzer (FUZZ_GEN=closures, compiler/tests/fuzz/closure_gen.js): no native answer differs', { skip, timeout: 15 * 60_000 }, async (t) => {
    const { fuzz, settings } = require('./fuzz/fuzz');
    process.env.FUZZ_GEN = 'closures'; // node_side.js, the fuzzer's child, draws from closure_gen.js
    const s = settings({ ...process.env, FUZZ_PROGRAMS: process.env.CL_CLOSURES_FUZZ_PROGRAMS || '150' });
    const { summary, line, problems } = await fuzz(s, (m) => t.diagnostic(m));
    t.diagnostic(line);
    assert.deepEqual(problems, [], `${problems.length} problems:\n\n${problems.slice(0, 5).join('\n\n')}`);
    assert.equal(summary.different, 0);
    assert.ok(summary.identical > 0, 'no native answer at all');
  });

  test('hand-written closure and callback traces answer as Node.js, or abort where they must', { skip, timeout: 300_000 }, async () => {
    const cases = CASES.map((c) => ({ code: c.code, inputs: c.inputs.map(([i]) => JSON.stringify(i)), train: 0, trace: path.join(GOLDEN, c.trace) }));
    const results = await runBoth(cases);
    for (const [k, c] of CASES.entries()) {
      for (const [i, [input, expected]] of c.inputs.entries()) {
        const r = results[k][i];
        const got = r.verdict.kind === 'aborted' ? r.verdict.reason : r.verdict.kind;
        if (process.env.CL_CLOSURES_VERBOSE) console.log(c.name, JSON.stringify(input), got, JSON.stringify(r.native));
        assert.equal(got, expected, `${c.name} on ${JSON.stringify(input)}:\n  node   ${JSON.stringify(r.node)}\n  native ${JSON.stringify(r.native)}`);
      }
    }
  });
}

module.exports = { runBoth };
