// Object literals of distinct keys (ObjBuilder::prop_new), `x = a + x` (ops::add_front) and records parsed with shared values, end to end against Node.js.
//
// The emitter writes `prop_new` only for a literal key that no earlier property of the same
// literal set, with no spread or computed key before it; anything else stays `prop_named`.
// The compiled handler must answer byte for byte as Node.js, duplicates, spreads, computed
// keys, index keys and records with repeated short values included.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { COMPILER, RUNNER, skip, run, traceAction } = require('./built');

const ACTION = `
function pad(s, width) {
  let out = s;
  while (out.length < width) out = ' ' + out;
  return out;
}
function main(args) {
  const out = [];
  const byRegion = {};
  let text = '';
  for (let i = 0; i < args.records.length; i++) {
    const r = args.records[i];
    const plain = { id: r.id, region: r.region, n: i };
    const dup = { a: 1, b: r.id, a: r.region, 2: 'two', 0: 'zero' };
    const spread = { z: 1, ...r.extra, z: 2, region: r.region };
    const computed = { [r.key]: 1, k: 2, [r.key + 'x']: 3, k: 4 };
    out.push({ plain, dup, spread, computed });
    let agg = byRegion[r.region];
    if (agg === undefined) {
      agg = { count: 0, best: '' };
      byRegion[r.region] = agg;
    }
    agg.count++;
    if (agg.best === '' || r.id > agg.bestId) {
      agg.best = r.region + '#' + r.id;
      agg.bestId = r.id;
    }
    text += pad(r.region, 14) + '|' + pad('' + r.id, 5) + '\\n';
    let y = r.region;
    const before = '<' + y;
    y = '>' + y;
    y = 1 + y;
    text += before + y;
  }
  return { out, byRegion, text };
}
module.exports.main = main;
`;

function records(n, seed) {
  const regions = ['north', 'south', 'east', 'k', 'north-east-x', 'x'];
  const out = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out.push({
      id: s % 1000,
      region: regions[s % regions.length],
      key: regions[(s >> 3) % regions.length],
      extra: i % 2 ? { z: 'e', y: i } : { w: i },
    });
  }
  return out;
}

const TRAIN = [{ records: records(20, 1) }, { records: records(5, 2) }, { records: [] }];
const HELD_OUT = [{ records: records(50, 7) }, { records: records(3, 9) }, { records: [] }];

test('object literals and shared parsed values: prop_new where keys are new, answers as Node.js', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-cpu-paths-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const so = path.join(dir, 'action.so');
    const rust = path.join(dir, 'rust');
    const compiled = run(COMPILER, [trace, '-o', so, '--emit-rust', rust]);
    assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);
    const rs = fs.readFileSync(path.join(rust, 'handler.rs'), 'utf8');
    // { a: 1, b, a: ... }: the second `a` is not new; after a spread or a computed key nothing is.
    assert.match(rs, /ObjBuilder::with_capacity\(ctx, 5\)/);
    assert.match(rs, /b\.prop_new\(ctx, &m\.k_a, /);
    assert.match(rs, /b\.prop_named\(ctx, &m\.k_a, /);
    assert.match(rs, /b\.prop_named\(ctx, &m\.k_z, /);
    assert.match(rs, /b\.prop_named\(ctx, &m\.k_k, /);
    assert.match(rs, /ops::add_front\(ctx, &m\.s_\w*, &mut \w+_out\)\?;/);

    const inputs = HELD_OUT.map((x) => JSON.stringify(x));
    const ran = run(RUNNER, [so], { input: inputs.join('\n') + '\n' });
    assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
    const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(outcomes.length, inputs.length);
    const { main } = require(code);
    HELD_OUT.forEach((input, i) => {
      const native = outcomes[i];
      assert.equal(native.status, 'answered', `input ${i}: ${JSON.stringify(native).slice(0, 500)}`);
      assert.equal(native.body, JSON.stringify(main(JSON.parse(inputs[i]))), `input ${i}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// `%` and Math.floor of unboxed numbers (rem_f64!, floor_f64!: in floating point with SSE4.1,
// docs/compiler.md "Performance"): every pair of the inputs' numbers, zeros' signs included,
// against Node.js.
const MATH_ACTION = `
function main(args) {
  const xs = args.xs;
  const out = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < xs.length; j++) {
      const a = xs[i];
      const b = xs[j];
      const r = a % b;
      const n = (0 - a) % b;
      const f = Math.floor(a / b);
      const g = Math.floor(0 - a / b);
      out.push(r, n, f, g, r === 0 && 1 / r < 0, n === 0 && 1 / n < 0, f === 0 && 1 / f < 0, g === 0 && 1 / g < 0);
    }
  }
  return { out };
}
module.exports.main = main;
`;

const MATH_TRAIN = [{ xs: [7, 3, -2, 0.5] }, { xs: [30, 899, 1] }];
const MATH_HELD_OUT = [
  { xs: [0, 1, -1, 3, -3, 7, 30, 899, 1000000007, 2147483647, 2147483648, 4294967297] },
  { xs: [9007199254740991, -9007199254740991, 9007199254740992, 4503599627370497, 1e300, 3] },
  { xs: [0.5, -2.5, 0.1, 1e-300, 5e-324, 123456789.25, 17] },
];

test('% and Math.floor of unboxed numbers answer as Node.js', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-cpu-math-'));
  try {
    const { code, trace } = traceAction(dir, MATH_ACTION, MATH_TRAIN);
    const so = path.join(dir, 'action.so');
    const rust = path.join(dir, 'rust');
    const compiled = run(COMPILER, [trace, '-o', so, '--emit-rust', rust]);
    assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);
    const rs = fs.readFileSync(path.join(rust, 'handler.rs'), 'utf8');
    assert.match(rs, /rem_f64!\(\w+_a, \w+_b\)/);
    assert.match(rs, /floor_f64!\(/);

    const inputs = MATH_HELD_OUT.map((x) => JSON.stringify(x));
    const ran = run(RUNNER, [so], { input: inputs.join('\n') + '\n' });
    assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
    const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(outcomes.length, inputs.length);
    const { main } = require(code);
    MATH_HELD_OUT.forEach((input, i) => {
      const native = outcomes[i];
      assert.equal(native.status, 'answered', `input ${i}: ${JSON.stringify(native).slice(0, 500)}`);
      assert.equal(native.body, JSON.stringify(main(JSON.parse(inputs[i]))), `input ${i}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
