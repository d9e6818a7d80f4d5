// Where the compiler tests find the built tools, the skip reason when one is missing, and how they run them and trace an action.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'containerless');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');
const RUNNER = path.join(ROOT, 'build', 'compiler', 'containerless-run-handler');
const RLIB = path.join(ROOT, 'compiler', 'runtime', 'target', 'release', 'libcontainerless_rt.rlib');

const missing = [COMPILER, RUNNER, RLIB].filter((f) => !fs.existsSync(f));
/** A test's `skip` option: false, or why it cannot run (printed by the test runner). */
const skip = missing.length > 0 && `not built (make build): ${missing.map((f) => path.relative(ROOT, f)).join(', ')}`;

/** spawnSync with text output, room for large outputs and a 5-minute bound. */
function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000, ...opts });
}

/**
 * Writes `action` (source text) and `train` (params objects, one JSON line each) into `dir`,
 * traces them with `containerless trace` and returns the paths {code, trace}; fails the test
 * with the tracer's stderr when it fails. `name` prefixes the training and trace files.
 */
function traceAction(dir, action, train, name = 'action') {
  const code = path.join(dir, 'action.js');
  const inputs = path.join(dir, `${name === 'action' ? 'train' : name}.jsonl`);
  const trace = path.join(dir, `${name === 'action' ? 'trace' : `${name}.trace`}.json`);
  fs.writeFileSync(code, action);
  fs.writeFileSync(inputs, train.map((x) => JSON.stringify(x)).join('\n') + '\n');
  const traced = run(process.execPath, [CLI, 'trace', code, inputs, '-o', trace]);
  assert.equal(traced.status, 0, `containerless trace failed: ${traced.stderr}`);
  return { code, trace };
}

/** Compiles `trace` into DIR/action.so (its Rust in DIR/rust), failing the test with the compiler's stderr; returns the library's path. */
function compileTrace(dir, trace) {
  const so = path.join(dir, 'action.so');
  const compiled = run(COMPILER, [trace, '-o', so, '--emit-rust', path.join(dir, 'rust')]);
  assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);
  return so;
}

/** Runs the handler library `so` on each params object of `inputs` (containerless-run-handler); returns one outcome ({status, body, …}) per input. */
function runHandler(so, inputs) {
  const lines = inputs.map((x) => JSON.stringify(x));
  const ran = run(RUNNER, [so], { input: lines.join('\n') + '\n' });
  assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
  const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(outcomes.length, inputs.length);
  return outcomes;
}

/**
 * Compiles `trace`, runs it on the inputs of `heldOut` ([params, 'answer' | 'abort'] pairs) and
 * checks each outcome against `main` (the plain action's, run by Node.js on a copy of the
 * params): an 'answer' input must be answered natively with Node's result text byte for byte, an
 * 'abort' input must abort.
 */
async function assertHeldOutAsNode(dir, trace, heldOut, main) {
  const outcomes = runHandler(compileTrace(dir, trace), heldOut.map(([x]) => x));
  for (const [i, [input, want]] of heldOut.entries()) {
    const native = outcomes[i];
    const shown = JSON.stringify(input);
    if (want === 'answer') {
      const node = JSON.stringify(await main(JSON.parse(JSON.stringify(input))));
      assert.equal(native.status, 'answered', `input ${shown}: ${JSON.stringify(native)}`);
      assert.equal(native.body, node, `input ${shown}`);
    } else {
      assert.equal(native.status, 'aborted', `input ${shown} should abort, got ${JSON.stringify(native)}`);
    }
  }
}

module.exports = { ROOT, CLI, COMPILER, RUNNER, RLIB, skip, run, traceAction, compileTrace, runHandler, assertHeldOutAsNode };
