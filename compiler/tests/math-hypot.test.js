// Math.hypot natively (the crate's port of V8's scaled Kahan sum): traced by the real tracer, compiled, run on thousands of random magnitudes against Node.js bit for bit.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { COMPILER, RUNNER, skip, run, traceAction } = require('./built');

const ACTION = `
function main(args) {
  return { h: args.rows.map((r) => [Math.hypot(r[0], r[1]), Math.hypot(r[0], r[1], r[2]), Math.hypot(r[0]), Math.hypot(...r), Math.hypot()]) };
}
module.exports.main = main;
`;

/** A deterministic generator (xorshift32), so a failure names inputs that reproduce. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Rows of 3 to 6 numbers of any sign and magnitude (subnormals to near the largest double), and zeros. */
function rows(seed, n) {
  const r = rng(seed);
  const num = () => {
    const p = r();
    if (p < 0.05) return p < 0.025 ? 0 : -0;
    const scale = r() < 0.5 ? 10 ** Math.floor(r() * 20 - 10) : 10 ** Math.floor(r() * 616 - 308);
    return (r() < 0.5 ? -1 : 1) * r() * scale;
  };
  return Array.from({ length: n }, () => Array.from({ length: 3 + Math.floor(r() * 4) }, num));
}

test('Math.hypot natively: the same bits as Node.js on thousands of random rows', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-hypot-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, [{ rows: rows(1, 20) }, { rows: [] }]);
    const so = path.join(dir, 'action.so');
    const compiled = run(COMPILER, [trace, '-o', so]);
    assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);
    const inputs = [2, 3, 4, 5].map((seed) => ({ rows: rows(seed, 2500) }));
    const ran = run(RUNNER, [so], { input: inputs.map((x) => JSON.stringify(x)).join('\n') + '\n' });
    assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
    const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(outcomes.length, inputs.length);
    const { main } = require(code);
    for (const [i, input] of inputs.entries()) {
      assert.equal(outcomes[i].status, 'answered', JSON.stringify(outcomes[i]).slice(0, 500));
      const native = JSON.parse(outcomes[i].body).h;
      const node = JSON.parse(JSON.stringify(main(JSON.parse(JSON.stringify(input))))).h;
      assert.equal(native.length, node.length);
      for (const [j, want] of node.entries()) {
        assert.deepEqual(native[j], want, `Math.hypot over ${JSON.stringify(input.rows[j])}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
