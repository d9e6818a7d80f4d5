// Tests of the addon's JavaScript interface (docs/trace-ir.md section 7): results, TypeErrors, workers.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const { Recorder, TRACE_VERSION } = require('.');

// testdata/shout.program.json: f0 greet(who) { if (who) return 'hi ' + who; return 'hi' }
// f1 main(args) { let g = greet(args.name); if (args.loud) g = g.toUpperCase(); console.log(g);
// return g }; the module has one `if`. Sites: 0 greet's if, 1 the call of greet, 2 main's if,
// 3 toUpperCase, 4 console.log, 5 the module's if. Built-ins: 0 console.log, 1 toUpperCase.
const program = fs.readFileSync(path.join(__dirname, 'testdata', 'shout.program.json'), 'utf8');
const identity = { codeSha256: 'ab'.repeat(32), entry: 'main' };
const CONSOLE_LOG = -2;
const TO_UPPER_CASE = -3;

// The events the instrumented action would record for these arguments.
function eventsFor(args) {
  const events = [1, 0, -1, 0, 0, args.name ? 0 : 1, -2, 0, 2, args.loud ? 0 : 1];
  if (args.loud) events.push(3, TO_UPPER_CASE);
  events.push(4, CONSOLE_LOG);
  return Int32Array.from(events);
}

function withoutStableFor(trace) {
  return trace.replace(/"stable_for":\d+/, '"stable_for":_');
}

test('exports the Recorder class and the trace version', () => {
  assert.equal(typeof Recorder, 'function');
  assert.equal(TRACE_VERSION, 1);
});

test('merges activations and serializes the trace document', () => {
  const rec = new Recorder(program, identity);
  rec.mergeModule(Int32Array.from([5, 1]));
  assert.equal(rec.merge(eventsFor({ name: 'ann' })), true);
  assert.equal(rec.merge(eventsFor({ name: 'bob' })), false);
  assert.deepEqual(rec.stats(), { activations: 2, stableFor: 1 });
  assert.equal(rec.merge(eventsFor({ name: '', loud: true })), true);
  assert.deepEqual(rec.stats(), { activations: 3, stableFor: 0 });

  const trace = JSON.parse(rec.serialize());
  assert.equal(trace.version, 1);
  assert.equal(trace.code_sha256, identity.codeSha256);
  assert.equal(trace.entry, 'main');
  assert.equal(trace.activations, 3);
  assert.equal(trace.stable_for, 0);
  assert.equal(trace.compilable, true);
  assert.equal(trace.not_compilable_because, null);
  assert.deepEqual(trace.module.body[1].taken, [0, 1]);
  assert.deepEqual(trace.module.body[1].then, [{ s: 'unknown', reason: 'untraced' }]);

  const [, call, , branch, , log] = trace.main.body;
  assert.equal(call.targets.length, 1);
  assert.equal(call.targets[0].function, 0);
  assert.equal(call.targets[0].name, 'greet');
  assert.deepEqual(call.targets[0].body[0].taken, [2, 1]);
  assert.deepEqual(branch.taken, [1, 2]);
  assert.deepEqual(branch.then[1].targets, [{ builtin: 'String.prototype.toUpperCase' }]);
  assert.deepEqual(log.targets, [{ builtin: 'console.log' }]);
});

test('accepts Int32Array views at an offset', () => {
  const rec = new Recorder(program, identity);
  const backing = new Int32Array(100);
  const events = eventsFor({ name: 'x' });
  backing.set(events, 10);
  assert.equal(rec.merge(backing.subarray(10, 10 + events.length)), true);
  assert.equal(rec.merge(events), false);
});

test('the constructor throws TypeErrors that say what is wrong', () => {
  const cases = [
    [[], /^Recorder: programJson must be a string/],
    [[{}, identity], /^Recorder: programJson must be a string/],
    [[program], /^Recorder: the second argument must be an object \{ codeSha256, entry \}$/],
    [[program, { entry: 'main' }], /^Recorder: options\.codeSha256 must be a string$/],
    [[program, { codeSha256: identity.codeSha256 }], /^Recorder: options\.entry must be a string$/],
    [[program, { ...identity, codeSha256: 'AB'.repeat(32) }], /lowercase hex/],
    [[program, { ...identity, entry: '' }], /^Recorder: entry is empty/],
    [['{', identity], /^Recorder: the program document is not valid JSON: .* \(at byte 1\)$/],
    [[program.replace('"version": 1', '"version": 2'), identity],
      /^Recorder: version is 2, this recorder reads version 1$/],
    [[program.replace('"site": 4', '"site": 0'), identity],
      /^Recorder: functions\[1\]\.body\[5\]\.site 0 is used by another statement too/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => new Recorder(...args), (err) => {
      assert.ok(err instanceof TypeError, `${err} is a TypeError`);
      assert.match(err.message, message);
      return true;
    });
  }
  assert.throws(() => Recorder(program, identity), TypeError);
});

test('methods called on something else than a Recorder throw TypeErrors', () => {
  for (const method of ['merge', 'mergeModule', 'stats', 'serialize']) {
    for (const self of [{}, null, 5, Object.create(Recorder.prototype)]) {
      assert.throws(() => Recorder.prototype[method].call(self, new Int32Array(0)), TypeError);
    }
  }
  class Sub extends Recorder {}
  assert.equal(new Sub(program, identity).merge(eventsFor({ name: 'x' })), true);
});

test('an options getter that throws propagates its error', () => {
  const options = {
    get codeSha256() {
      throw new RangeError('boom');
    },
  };
  assert.throws(() => new Recorder(program, options), /boom/);
});

test('merge and mergeModule take only Int32Arrays', () => {
  const rec = new Recorder(program, identity);
  for (const bad of [undefined, [1, 0], new Uint32Array(2), new Float64Array(2), 'x', {}]) {
    assert.throws(() => rec.merge(bad), {
      name: 'TypeError',
      message: 'Recorder: merge: the argument must be an Int32Array of (a, b) event pairs',
    });
    assert.throws(() => rec.mergeModule(bad), {
      name: 'TypeError',
      message: 'Recorder: mergeModule: the argument must be an Int32Array of (a, b) event pairs',
    });
  }
});

test('a bad event list is a TypeError naming its index, and changes nothing', () => {
  const rec = new Recorder(program, identity);
  rec.merge(eventsFor({ name: 'a' }));
  const before = rec.serialize();
  const cases = [
    [[1, 0, -1], 'Recorder: merge: the event list has an odd length (3); events are (a, b) pairs'],
    [[2, 1, 99, 0], 'Recorder: merge: event list index 2 (pair 1): site 99 is not a site of the program'],
    [[1, 0, -1, 0, 2, 0],
      'Recorder: merge: event list index 4 (pair 2): site 2 belongs to function 1 (main), but ' +
      'function 0 (greet) is running'],
    [[2, 7], 'Recorder: merge: event list index 0 (pair 0): the if at site 2 has outcome 7 (0 is then, 1 is else)'],
    [[4, -9],
      'Recorder: merge: event list index 0 (pair 0): the call at site 4 names built-in 7 ' +
      '(callee -9), but the program lists 2 built-ins'],
    [[2, 0, -2, 0], 'Recorder: merge: event list index 2 (pair 1): an exit event without a matching enter event'],
    [[5, 0], 'Recorder: merge: event list index 0 (pair 0): site 5 belongs to the module\'s ' +
      'top-level code, but function 1 (main) is running'],
  ];
  for (const [events, message] of cases) {
    assert.throws(() => rec.merge(Int32Array.from(events)), { name: 'TypeError', message });
  }
  assert.equal(rec.serialize(), before);
  assert.deepEqual(rec.stats(), { activations: 1, stableFor: 0 });
});

// main(args) { const k = args.k; const add = (x) => x + k; return args.xs.map(add); }: add is a
// closure (id 1, captures k), map a callback host (built-in 0). Sites: 0 the call of map, 1
// add's `if (x)`.
const closureProgram = {
  version: 1,
  functions: [
    { id: 0, name: 'main', params: ['args'], locals: ['k', 'add', '$t1', '$t2', '$t3'], body: [
      { s: 'set', name: 'k', value: { e: 'get', object: { a: 'var', name: 'args' }, key: { a: 'str', v: 'k' } } },
      { s: 'set', name: 'add', value: { e: 'function', id: 1, captures: [{ a: 'var', name: 'k' }] } },
      { s: 'set', name: '$t1', value: { e: 'get', object: { a: 'var', name: 'args' }, key: { a: 'str', v: 'xs' } } },
      { s: 'set', name: '$t2', value: { e: 'get', object: { a: 'var', name: '$t1' }, key: { a: 'str', v: 'map' } } },
      { s: 'call', site: 0, result: '$t3', callee: { a: 'var', name: '$t2' }, this: { a: 'var', name: '$t1' }, args: [{ a: 'var', name: 'add' }] },
      { s: 'return', value: { a: 'var', name: '$t3' } },
    ] },
    { id: 1, name: 'add', params: ['x'], captures: ['k'], locals: ['k', '$t1'], body: [
      { s: 'if', site: 1, test: { a: 'var', name: 'x' }, then: [], else: [] },
      { s: 'set', name: '$t1', value: { e: 'binary', op: '+', left: { a: 'var', name: 'x' }, right: { a: 'var', name: 'k' } } },
      { s: 'return', value: { a: 'var', name: '$t1' } },
    ] },
  ],
  module: { locals: ['main'], body: [{ s: 'setmod', name: 'main', value: { e: 'function', id: 0 } }] },
  main_function: 0,
  builtins: ['Array.prototype.map'],
  compilable: true,
  not_compilable_because: null,
};

test('a callback host traces every invocation of its user callback, a closure with its captures', () => {
  const rec = new Recorder(JSON.stringify(closureProgram), identity);
  assert.equal(rec.merge(Int32Array.from([0, -2, -1, 1, 1, 0, -2, 0, -1, 1, 1, 1, -2, 0])), true);
  assert.equal(rec.merge(Int32Array.from([0, -2, -1, 1, 1, 1, -2, 0])), false);
  const trace = JSON.parse(rec.serialize());
  const call = trace.main.body[4];
  assert.equal(call.targets.length, 1);
  const [target] = call.targets;
  assert.equal(target.builtin, 'Array.prototype.map');
  const [cb] = target.callbacks;
  assert.deepEqual(
    { function: cb.function, name: cb.name, params: cb.params, captures: cb.captures, locals: cb.locals, result: cb.result, label: cb.label },
    { function: 1, name: 'add', params: ['x'], captures: ['k'], locals: ['k', '$t1'], result: '$cb1', label: 'R1' },
  );
  assert.deepEqual(cb.body[0].taken, [1, 2]);
  assert.deepEqual(cb.body.slice(-3).map((s) => [s.s, s.name || s.label]), [['set', '$cb1'], ['break', 'R1'], ['set', '$cb1']]);
});

test('bad captures are TypeErrors naming the JSON path', () => {
  const bad = (edit) => {
    const p = JSON.parse(JSON.stringify(closureProgram));
    edit(p);
    return () => new Recorder(JSON.stringify(p), identity);
  };
  assert.throws(bad((p) => { p.functions[1].captures = []; }), { name: 'TypeError', message: /functions\[1\]\.captures is not a non-empty array of strings/ });
  assert.throws(bad((p) => { p.functions[1].captures = ['x']; }), { name: 'TypeError', message: /functions\[1\]\.captures\[0\] "x" is not one of the function's locals/ });
  assert.throws(bad((p) => { delete p.functions[0].body[1].value.captures; }), { name: 'TypeError', message: /functions\[0\]\.body\[1\]\.value\.captures is not a list of 1 atoms/ });
  assert.throws(bad((p) => { p.functions[0].body[1].value.captures = [{ a: 'mod', name: 'k' }]; }), { name: 'TypeError', message: /value\.captures\[0\] is not a var atom/ });
});

test('mergeModule runs once', () => {
  const rec = new Recorder(program, identity);
  rec.mergeModule(new Int32Array(0));
  assert.throws(() => rec.mergeModule(new Int32Array(0)), {
    name: 'TypeError',
    message: 'Recorder: mergeModule: the module\'s events were already merged (the module runs once)',
  });
  assert.throws(() => rec.mergeModule(Int32Array.from([1, 0])), TypeError);
});

// Activations run concurrently (each awaiting at random points) and each records into its own
// list; merging them as they finish gives the tree that merging them one by one gives.
test('concurrent activations, each with its own list, give the sequential tree', async () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
  async function activation(args) {
    const events = [];
    events.push(1, 0, -1, 0);
    await tick();
    events.push(0, args.name ? 0 : 1, -2, 0);
    await tick();
    events.push(2, args.loud ? 0 : 1);
    if (args.loud) events.push(3, TO_UPPER_CASE);
    await tick();
    events.push(4, CONSOLE_LOG);
    return Int32Array.from(events);
  }
  const inputs = Array.from({ length: 200 }, (_, i) => ({ name: i % 3 ? `n${i}` : '', loud: i % 7 === 0 }));

  const concurrent = new Recorder(program, identity);
  const order = [];
  await Promise.all(inputs.map(async (args, i) => {
    const events = await activation(args);
    order.push(i);
    concurrent.merge(events);
  }));

  const sequential = new Recorder(program, identity);
  for (const args of inputs) sequential.merge(eventsFor(args));

  assert.notDeepEqual(order, inputs.map((_, i) => i), 'the activations interleaved');
  assert.equal(withoutStableFor(concurrent.serialize()), withoutStableFor(sequential.serialize()));
  assert.equal(concurrent.stats().activations, 200);
});

test('a recorder lives in a worker and goes away with it', async () => {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { Recorder } = require(workerData.addon);
    const rec = new Recorder(workerData.program, workerData.identity);
    rec.merge(Int32Array.from(workerData.events));
    parentPort.postMessage(rec.serialize());
    globalThis.keep = rec; // still alive when the worker ends: the cleanup hook frees it
  `;
  for (let i = 0; i < 3; ++i) {
    const worker = new Worker(code, {
      eval: true,
      workerData: { addon: __dirname, program, identity, events: [...eventsFor({ name: 'w' })] },
    });
    const trace = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.equal(JSON.parse(trace).activations, 1);
    await worker.terminate();
  }
});

test('index.js says how to build the addon when it is missing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'containerless-addon-'));
  try {
    fs.mkdirSync(path.join(dir, 'addon'));
    fs.copyFileSync(path.join(__dirname, 'index.js'), path.join(dir, 'addon', 'index.js'));
    assert.throws(() => require(path.join(dir, 'addon', 'index.js')), (err) => {
      assert.ok(!(err instanceof TypeError));
      assert.match(err.message, /containerless_addon\.node is not built; run "make build"/);
      assert.match(err.message, /npx node-gyp rebuild --nodedir=\/usr/);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Not an assertion on time (shared machines vary): the figure docs/addon.md quotes.
test('benchmark: merge() of a 1,000-event list', (t) => {
  const rec = new Recorder(program, identity);
  const one = [...eventsFor({ name: 'a', loud: true })];
  const list = [];
  while (list.length / 2 < 1000) list.push(...one);
  const events = Int32Array.from(list.slice(0, 2000 - (2000 % one.length)));
  for (let i = 0; i < 200; ++i) rec.merge(events);
  // The best of 5 batches: the machine is shared, and the other batches measure its load.
  const batches = [];
  for (let batch = 0; batch < 5; ++batch) {
    const rounds = 400;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; ++i) rec.merge(events);
    batches.push(Number(process.hrtime.bigint() - start) / 1000 / rounds);
  }
  const best = Math.min(...batches);
  const worst = Math.max(...batches);
  t.diagnostic(`merge() of ${events.length / 2} events: ${best.toFixed(1)} µs (best of 5 batches; worst ${worst.toFixed(1)} µs)`);
});
