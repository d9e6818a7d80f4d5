// The differential semantics fuzzer in make test: 2,000 random programs (fixed seed), every native answer identical to Node.js's or an abort.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { test } = require('node:test');
const { fuzz, settings, missingTools, compare } = require('./fuzz');

// The comparison itself: a comparator that calls everything identical would make the fuzzer pass vacuously.
test('the fuzzer tells identical answers from different ones, byte for byte', () => {
  const node = { status: 200, body: '{"r":"\u00e9"}', logs: [['stdout', 'a 1\n'], ['stderr', 'b\n']] };
  const native = { status: 'answered', http_status: 200, body: '{"r":"\u00e9"}', logs: [['stdout', 'a 1'], ['stderr', 'b']] };
  assert.equal(compare(node, native).kind, 'identical');
  assert.equal(compare(node, { ...native, body: '{"r":"e"}' }).kind, 'different');
  assert.equal(compare(node, { ...native, logs: [['stderr', 'b'], ['stdout', 'a 1']] }).kind, 'different'); // order across streams
  assert.equal(compare(node, { ...native, logs: [['stdout', 'a 1'], ['stdout', 'b']] }).kind, 'different'); // the stream
  assert.equal(compare(node, { ...native, logs: [['stdout', 'a 1']] }).kind, 'different');
  assert.equal(compare({ ...node, status: 502 }, native).kind, 'different'); // Node failed, native answered
  // A lone surrogate is written as U+FFFD by both engines.
  assert.equal(compare({ ...node, logs: [['stdout', '\ud800\n']] }, { ...native, logs: [['stdout', '\ufffd']] }).kind, 'identical');
  assert.deepEqual(compare(node, { status: 'aborted', abort: { reason: 'untraced' }, logs: [] }), { kind: 'aborted', reason: 'untraced' });
});

const missing = missingTools();
const skip = missing.length > 0 && `not built (make build): ${missing.join(', ')}`;
const s = settings();

test(`differential fuzzer: ${s.programs} random programs, Node.js vs native (seed ${s.seed}; FUZZ_SEED, FUZZ_PROGRAMS explore more)`, { skip, timeout: 20 * 60_000 }, async (t) => {
  const { summary, line, problems } = await fuzz(s, (m) => t.diagnostic(m));
  t.diagnostic(line);
  // Each problem carries its seed, program, source, input, both outputs and the rerun command.
  assert.deepEqual(problems, [], `${problems.length} problems (${path.relative(process.cwd(), __filename)}):\n\n${problems.slice(0, 5).join('\n\n')}`);
  assert.equal(summary.different, 0);
  // A fuzzer that aborts everything proves nothing: the generator must stay mostly compilable
  // (checked on batches large enough for the share to mean something).
  if (summary.activations >= 600) assert.ok(summary.identical >= summary.activations * 0.15, `only ${summary.identical} of ${summary.activations} activations answered natively`);
});
