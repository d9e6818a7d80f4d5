// Unit tests of the engine's tracing state: instrument at load or load plain, and say why.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { Tracing } = require('./tracing');
const { HOOKS_SLOT } = require('./instrument');

const collector = () => ({ mergeModule() {}, merge() {}, serialize: () => '{"version":1}' });

test('a text action is instrumented; the hooks slot is gone after the load', () => {
  const tracing = new Tracing({ makeRecorder: collector });
  const message = { code: 'function main(p) { return p.a || 1; }', main: 'main' };
  const toLoad = tracing.prepareLoad(message);
  assert.notEqual(toLoad.code, message.code);
  assert.match(toLoad.code, /__cl\$h\.t\(1,\(__cl\$h\.tk\(0,\(p\)\)\.a\)\)/); // the decision, and the get's operand types
  assert.equal(typeof globalThis[Symbol.for(HOOKS_SLOT)], 'object');
  tracing.finishLoad(true);
  assert.equal(globalThis[Symbol.for(HOOKS_SLOT)], undefined);
  assert.equal(tracing.reason, undefined);
  assert.deepEqual(tracing.traceReply(), { status: 200, text: '{"version":1}' });
});

test('before /init the trace route answers 404 with the reason', () => {
  const r = new Tracing({ makeRecorder: collector }).traceReply();
  assert.equal(r.status, 404);
  assert.equal(r.json.error, 'no trace: no action is initialised');
});

test('archives, code acorn refuses and a failing recorder all load the plain code', () => {
  const archive = { code: 'UEsDBA==', main: 'main', binary: true };
  let tracing = new Tracing({ makeRecorder: collector });
  assert.equal(tracing.prepareLoad(archive), archive);
  assert.match(tracing.reason, /archive/);

  const odd = { code: 'const t = new.target;\nfunction main() {}', main: 'main' };
  tracing = new Tracing({ makeRecorder: collector });
  assert.equal(tracing.prepareLoad(odd), odd);
  tracing.finishLoad(true);
  assert.match(tracing.reason, /^the action could not be instrumented: /);
  assert.equal(tracing.activation(), undefined);

  const plain = { code: 'function main() { return {}; }', main: 'main' };
  tracing = new Tracing({
    makeRecorder: () => {
      throw new TypeError('Recorder: bad program');
    },
  });
  assert.equal(tracing.prepareLoad(plain), plain);
  assert.equal(tracing.reason, 'the action could not be instrumented: Recorder: bad program');
});

test('code over the size bound loads plain', () => {
  const { MAX_INSTRUMENTED_BYTES } = require('./tracing');
  const big = { code: `function main() { return {}; }\n//${'x'.repeat(MAX_INSTRUMENTED_BYTES)}`, main: 'main' };
  const tracing = new Tracing({ makeRecorder: collector });
  assert.equal(tracing.prepareLoad(big), big);
  assert.match(tracing.reason, /larger than 1024 KiB/);
});

test('a load that fails leaves no session', () => {
  const tracing = new Tracing({ makeRecorder: collector });
  tracing.prepareLoad({ code: 'throw new Error("x"); function main() {}', main: 'main' });
  tracing.finishLoad(false);
  assert.equal(tracing.session, undefined);
  assert.equal(tracing.reason, 'the action failed to load');
  assert.equal(globalThis[Symbol.for(HOOKS_SLOT)], undefined);
});

test('fallback activations are counted and traced as any other', () => {
  const tracing = new Tracing({ makeRecorder: collector });
  tracing.prepareLoad({ code: 'function main() { return {}; }', main: 'main' });
  tracing.finishLoad(true);
  assert.ok(tracing.activation({ fallback: '{"reason":"untraced"}' }));
  assert.equal(tracing.fallbacks, 1);
});

test('the engine merges an activation after its reply (setImmediate); reading the trace merges first', async () => {
  const merged = [];
  const tracing = new Tracing({ makeRecorder: () => ({ mergeModule() {}, merge: (e) => merged.push([...e]), serialize: () => `${merged.length}` }) });
  tracing.prepareLoad({ code: 'function main() { return {}; }', main: 'main' });
  tracing.finishLoad(true);
  tracing.activation().end();
  assert.equal(merged.length, 0);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(merged.length, 1);
  tracing.activation().end();
  assert.deepEqual(tracing.traceReply(), { status: 200, text: '2' });
});
