// Speculation from `seen` end to end: traced by the real tracer, compiled, run natively against Node.js.
//
// The action reads numbers and booleans out of its arguments (`xs[i]`, `flags[i]`, `args.k`),
// which only the tracer's `seen` feedback says are numbers and booleans. The compiled handler
// must keep them unboxed (the Rust says so), answer exactly as Node.js on inputs of the traced
// types, and abort with reason `guard` where an input breaks the speculation, never answer
// differently.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { COMPILER, RUNNER, skip, run, traceAction } = require('./built');

const ACTION = `
function scale(v, k) {
  return v * k;
}
function main(args) {
  const xs = args.xs;
  const flags = args.flags;
  const k = args.k || 2;
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!flags[i]) continue;
    xs[i] = scale(v, k);
    n = n + v;
  }
  return { xs, n };
}
module.exports.main = main;
`;

const TRAIN = [
  { xs: [1, 2, 3], flags: [true, false, true], k: 3 },
  { xs: [0.5, -4], flags: [true, true] },
  { xs: [], flags: [] },
];
// [input, expected: 'answer' or the start of a guard abort's detail]
const HELD_OUT = [
  [{ xs: [10, 20, 30, 40], flags: [false, true, true, false], k: 1.5 }, 'answer'],
  [{ xs: [7], flags: [true], k: 0 }, 'answer'], // `|| 2` takes its else side, traced
  [{ xs: [-0, 1e300], flags: [true, true], k: -1 }, 'answer'],
  [{ xs: [1, 2], flags: [true, true], k: '3' }, 'expected a number'], // Node: 1 * '3' is 3
  [{ xs: [1, '2'], flags: [true, true], k: 2 }, 'expected a number'], // Node: '2' * 2 is 4
  [{ xs: [1, 2], flags: [true, 1], k: 2 }, 'expected a boolean'], // Node: !1 is false
  [{ xs: [1, 2], flags: [true], k: 2 }, 'expected a boolean'], // flags[1] is undefined
];

test('speculated locals: unboxed, answers identical to Node.js, guards abort on other types', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-speculate-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const so = path.join(dir, 'action.so');
    const rust = path.join(dir, 'rust');
    assert.match(fs.readFileSync(trace, 'utf8'), /"seen"/, 'the tracer recorded no `seen` feedback');
    const compiled = run(COMPILER, [trace, '-o', so, '--emit-rust', rust]);
    assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);

    // The speculation happened: element reads are unboxed, k is guarded where scale binds it.
    const rs = fs.readFileSync(path.join(rust, 'handler.rs'), 'utf8');
    // (The loop counter i is an integer local, pass_int_locals.cc: an i64 index.)
    assert.match(rs, /int_index::get_f64\(ctx, &v_xs, v_i\)\?/);
    assert.match(rs, /int_index::get_bool\(ctx, &v_flags, v_i\)\?/);
    assert.match(rs, /ops::set_index_f64\(ctx, /);
    assert.match(rs, /let mut f1_k: f64 = ops::as_f64\(/);

    const inputs = HELD_OUT.map(([x]) => JSON.stringify(x));
    const ran = run(RUNNER, [so], { input: inputs.join('\n') + '\n' });
    assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
    const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(outcomes.length, inputs.length);
    const { main } = require(code);
    HELD_OUT.forEach(([input, want], i) => {
      const native = outcomes[i];
      const node = JSON.stringify(main(JSON.parse(JSON.stringify(input))));
      if (want === 'answer') {
        assert.equal(native.status, 'answered', `input ${inputs[i]}: ${JSON.stringify(native)}`);
      } else {
        assert.equal(native.status, 'aborted', `input ${inputs[i]} should abort, got ${JSON.stringify(native)}`);
        assert.equal(native.abort.reason, 'guard', `input ${inputs[i]}: ${JSON.stringify(native.abort)}`);
        assert.ok(native.abort.detail.startsWith(want), `input ${inputs[i]}: ${native.abort.detail}`);
      }
      if (native.status === 'answered') assert.equal(native.body, node, `input ${inputs[i]}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
