// Unit tests of the switchable hooks object: the same functions for the process's life, the recording hook or its pass-through by switch.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { switchableHooks } = require('./switchable');
const { instrument } = require('./instrument');
const { TraceSession } = require('./recorder');

test('a wrapper calls the recording hook while its switch is on, its pass-through once it is off', () => {
  const calls = [];
  const recording = {
    t: (site, v) => (calls.push(['t', site, v]), 'recorded'),
    d: (a, b = 2, c = 3) => (calls.push(['d', a, b, c]), 'recorded'), // a default parameter: length 1
    f: (a, b) => (calls.push(['f', a, b]), 'recorded'),
    n: () => 'recorded',
    k: (x) => `kept ${x}`,
  };
  const state = { on: true, types: true };
  const offF = (a, b) => `off ${a} ${b}`;
  const hooks = switchableHooks(recording, [{ flag: 'types', off: { t: 1 } }, { flag: 'on', off: { d: 2, f: offF, n: null, t: 0 } }], state);
  assert.equal(hooks.k, recording.k, 'a hook without a pass-through is given as is');
  assert.equal(hooks.t(7, 'v'), 'recorded');
  assert.equal(hooks.d(1, 5, 6), 'recorded');
  assert.equal(hooks.f('a', 'b'), 'recorded');
  assert.deepEqual(calls, [
    ['t', 7, 'v'],
    ['d', 1, 5, 6],
    ['f', 'a', 'b'],
  ]);
  const before = { ...hooks };
  state.types = false; // the first group names t: its switch is `types`
  assert.equal(hooks.t(7, 'v'), 'v');
  assert.equal(hooks.d(1, 5, 6), 'recorded');
  state.on = false;
  assert.equal(hooks.d(1, 5, 6), 6, 'the argument index 2 of a hook whose length is 1');
  assert.equal(hooks.f('a', 'b'), 'off a b');
  assert.equal(hooks.n(), undefined);
  assert.deepEqual({ ...hooks }, before, 'the same functions');
  assert.throws(() => switchableHooks({ x() {} }, [{ flag: 'on', off: { x: 'v' } }], state), /not a function, an argument index or null/);
});

test('the hooks object of a session keeps the same functions through stopTypes() and stop(), and does nothing once stopped', () => {
  const { code, program } = instrument('function main(p) { let s = 0; for (let i = 0; i < p.n; i++) s += i; return s; }');
  const lists = [];
  const session = new TraceSession(program, { mergeModule() {}, merge: (e) => lists.push([...e]) }, { typeActivations: 2 });
  session.beginModule();
  let main;
  try {
    main = new Function(`${code}\nreturn main;`)();
  } finally {
    session.endModule();
  }
  const hooks = { ...session.hooks };
  const run = (n) => {
    const act = session.activation();
    const r = act.call(main, { n });
    act.end();
    return r;
  };
  assert.equal(run(3), 3);
  assert.equal(run(4), 6);
  assert.equal(run(5), 10); // the third activation: operand types off
  assert.deepEqual({ ...session.hooks }, hooks);
  session.stop();
  assert.deepEqual({ ...session.hooks }, hooks);
  assert.equal(session.activation().call(main, { n: 6 }), 15);
  assert.equal(lists.length, 3, 'nothing merged once stopped');
  assert.ok(lists[0].length > lists[2].length, 'the first activations record operand types, the third does not');
});
