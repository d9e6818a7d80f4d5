// OpenWhisk's own Node.js runtime tests (./cases.js) against `serve --engine auto` compiling after two
// activations (CONTAINERLESS_COMPILE_AFTER=2): later activations of the actions the compiler takes are
// answered natively, and upstream's replies and logs must not change.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { registerUpstreamCases } = require('./cases');
const { answeredBy, compileOutcomes } = require('./upstream');

registerUpstreamCases('auto-compiled');

// Runs after the suite above: the pass is only meaningful if some activations were native.
test('auto-compiled: some upstream activations were answered natively', (t) => {
  for (const { engines, decisions, aborts } of compileOutcomes) t.diagnostic(`/run by ${engines.slice(0, 60) || '-'} | ${decisions || '-'} | ${aborts || ''}`);
  t.diagnostic(`/run answered by: native ${answeredBy.native}, node ${answeredBy.node}, no engine header ${answeredBy.none}`);
  assert.ok(answeredBy.native >= 3, `only ${answeredBy.native} activations were answered natively`);
});
