// findLast, findLastIndex, reduceRight and flatMap compiled as loops (emit_closures.cc): traced by the real tracer, run natively, compared with Node.js byte for byte on held-out inputs; odd inputs abort.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test } = require('node:test');

const { missingTools } = require('./fuzz/fuzz');

const COMPILER = path.join(__dirname, '..', '..', 'build', 'compiler', 'containerless-compile');

// Each case: the training inputs (must answer natively), then [held-out input, 'identical' or 'aborted'].
const CASES = [
  {
    name: 'findLast and findLastIndex: backwards, holes visited as undefined',
    code: `function main(args) {
  const xs = args.xs;
  const lim = args.lim;
  const last = xs.findLast((x, i, arr) => x > lim && arr.length > i);
  const at = xs.findLastIndex((x) => x === lim);
  const seen = [];
  xs.findLast((x, i) => { seen.push(i); return false; });
  const sparse = [1, , 3];
  const hole = [sparse.findLast((x) => x === undefined), sparse.findLastIndex((x) => x === undefined)];
  const shrink = xs.slice();
  const popped = shrink.findLastIndex((x, i, arr) => { if (i === arr.length - 1) arr.length = 0; return x === undefined; });
  return { last, at, seen, hole, popped, none: [].findLast((x) => true), none2: [].findLastIndex((x) => true) };
}`,
    train: [{ xs: [1, 5, 3, 5], lim: 2 }, { xs: [], lim: 0 }, { xs: [4], lim: 4 }],
    held: [
      [{ xs: [9, 8, 7, 6], lim: 7 }, 'identical'],
      [{ xs: [-1, 0, 'a'], lim: -5 }, 'identical'],
      [{ xs: [2.5, null, 2.5], lim: 2.5 }, 'identical'],
      [{ xs: 'abc', lim: 1 }, 'aborted'], // a string has no findLast: TypeError in Node.js
      [{ xs: { length: 2 }, lim: 1 }, 'aborted'],
    ],
  },
  {
    name: 'reduceRight: backwards, holes skipped, the empty TypeError',
    code: `function main(args) {
  const xs = args.xs;
  const cat = xs.reduceRight((acc, x, i, arr) => acc + '/' + x + ':' + i + (arr === xs ? '' : '!'), '');
  const sum = xs.reduceRight((a, x) => a + x);
  const sparse = [1, , 3, , ];
  const order = [];
  sparse.reduceRight((a, x, i) => { order.push(i); return a + x; });
  const init = xs.reduceRight((a, x) => a, undefined);
  return { cat, sum, order, init };
}`,
    train: [{ xs: [1, 2, 3] }, { xs: ['a'] }],
    held: [
      [{ xs: [10, -2, 0.5, 7] }, 'identical'],
      [{ xs: ['x', 1, 'y'] }, 'identical'],
      [{ xs: [] }, 'aborted'], // Reduce of empty array with no initial value
      [{ xs: 5 }, 'aborted'],
    ],
  },
  {
    name: 'flatMap: one level, only real arrays spread, holes skipped',
    code: `function main(args) {
  const xs = args.xs;
  const k = args.k;
  const pairs = xs.flatMap((x, i) => [x, i * k]);
  const deep = xs.flatMap((x) => [[x], x]);
  const plain = xs.flatMap((x, i, arr) => (i % 2 === 0 ? x : [arr.length]));
  const likes = xs.flatMap((x) => ({ length: 1, 0: x }));
  const holes = [1, , 3].flatMap((x) => [x, , x + k]);
  const none = xs.flatMap((x) => []);
  return { pairs, deep, plain, likes, holes, none, s: xs.flatMap((x) => 's' + x) };
}`,
    train: [{ xs: [1, 2, 3], k: 10 }, { xs: [], k: 0 }],
    held: [
      [{ xs: [[1, 2], 'a', null], k: 2 }, 'identical'],
      [{ xs: [0.5, -1], k: 'k' }, 'identical'],
      [{ xs: [true], k: 1 }, 'identical'],
      [{ xs: null, k: 1 }, 'aborted'], // null.flatMap: TypeError in Node.js
    ],
  },
];

/** Traces each case on its training inputs, compiles the trace, runs every input both ways. */
async function runBoth(cases) {
  const { compare, runChunk } = require('./fuzz/fuzz');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-hosts-right-'));
  try {
    fs.mkdirSync(path.join(dir, 'traces'));
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({ cases }));
    const side = spawnSync(process.execPath, [__filename], { env: { ...process.env, CL_HOSTS_RIGHT_NODE_SIDE: dir }, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(side.status, 0, `node side failed:\n${side.stderr.slice(-4000)}`);
    const entries = JSON.parse(fs.readFileSync(path.join(dir, 'node.json'), 'utf8'));
    const toRun = [];
    for (const [k, c] of cases.entries()) {
      const trace = path.join(dir, 'traces', `${k}.json`);
      assert.ok(fs.existsSync(trace), `case ${k}: no trace (${entries[k].reason})`);
      const compiled = spawnSync(COMPILER, [trace, '--emit-rust', path.join(dir, 'rust', `p${k}`)], { encoding: 'utf8' });
      assert.equal(compiled.status, 0, `case ${k}: containerless-compile: ${compiled.stderr}`);
      toRun.push({ k, inputs: c.inputs });
    }
    const outcomes = await runChunk(dir, 0, toRun, 'hosts-right');
    return cases.map((c, k) => c.inputs.map((input, i) => ({ input, node: entries[k].node[i], native: outcomes[k][i], verdict: compare(entries[k].node[i], outcomes[k][i]) })));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The Node.js side (fuzz/node_side.js answerCases) runs in a child process of this file.
const { answerCases, runAsNodeSide } = require('./fuzz/node_side');
if (!runAsNodeSide('CL_HOSTS_RIGHT_NODE_SIDE', answerCases)) defineTests();

function defineTests() {
  const missing = missingTools();
  const skip = missing.length > 0 && `not built (scripts/build.sh): ${missing.join(', ')}`;

  test('findLast, findLastIndex, reduceRight and flatMap answer as Node.js natively, or abort on odd inputs', { skip, timeout: 300_000 }, async () => {
    const cases = CASES.map((c) => ({ code: c.code, inputs: [...c.train, ...c.held.map(([i]) => i)].map((i) => JSON.stringify(i)), train: c.train.length }));
    const results = await runBoth(cases);
    for (const [k, c] of CASES.entries()) {
      const expected = [...c.train.map(() => 'identical'), ...c.held.map(([, e]) => e)];
      for (const [i, r] of results[k].entries()) {
        if (process.env.CL_CLOSURES_VERBOSE) console.log(c.name, r.input, r.verdict.kind, JSON.stringify(r.native.abort || ''));
        assert.equal(r.verdict.kind, expected[i], `${c.name} on ${r.input}:\n  node   ${JSON.stringify(r.node)}\n  native ${JSON.stringify(r.native)}`);
      }
    }
  });
}
