// Event lists as reused Int32Array buffers (recorder.js): growth past a buffer, reuse after a merge, deferred merges, overflow, what merge() is given.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { instrument } = require('./instrument');
const { TraceSession, MAX_EVENTS } = require('./recorder');

// One loop test (site `loop`) per iteration, then an `if` on the count: lists of any length.
const CODE = 'function main(p) { let i = 0; while (i < p.n) i++; if (i > 2) return 1; return 0; }';

/** Loads CODE in a session whose recorder copies each list it is given; `keep` keeps the arrays themselves too. */
function load(options = {}, keep = []) {
  const { code, program } = instrument(CODE, { types: false });
  const runs = [];
  const session = new TraceSession(
    program,
    {
      mergeModule() {},
      merge: (e) => {
        assert.ok(e instanceof Int32Array, 'merge() is given an Int32Array');
        keep.push(e);
        runs.push([...e]);
      },
    },
    options
  );
  session.beginModule();
  let main;
  try {
    main = new Function(`${code}\nreturn main;`)();
  } finally {
    session.endModule();
  }
  const body = program.functions[program.main_function].body;
  const loop = body.find((s) => s.s === 'loop').body.find((s) => s.s === 'if').site; // the loop's test
  const branch = body.find((s) => s.s === 'if').site;
  return { session, main, runs, loop, branch };
}

/** The list CODE records for `n`: n loop tests taken, the exit, the `if`. */
function expected(n, loop, branch) {
  const list = [];
  for (let i = 0; i < n; i++) list.push(loop, 0);
  list.push(loop, 1, branch, n > 2 ? 0 : 1);
  return list;
}

function run({ session, main }, n) {
  const act = session.activation();
  act.call(main, { n });
  act.end();
}

test('a list that outgrows its buffer is merged whole, and the lists after it start empty', () => {
  const s = load();
  // 1024 ints is a new buffer: 5,000 iterations double it three times.
  for (const n of [5000, 1, 0, 5000, 3, 700, 20000, 2]) run(s, n);
  assert.deepEqual(
    s.runs.map((r) => r.length),
    [5000, 1, 0, 5000, 3, 700, 20000, 2].map((n) => expected(n, s.loop, s.branch).length)
  );
  [5000, 1, 0, 5000, 3, 700, 20000, 2].forEach((n, i) => assert.deepEqual(s.runs[i], expected(n, s.loop, s.branch), `list ${i} (n = ${n})`));
});

test('deferred merges: every queued list keeps its own events until the flush, then the buffers are reused', async () => {
  const s = load({ deferMerges: true });
  const sizes = [3, 4000, 0, 9, 1500, 1, 2, 600, 11, 5];
  for (const n of sizes) run(s, n);
  assert.equal(s.runs.length, 0, 'nothing merged before the flush');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(s.runs.length, sizes.length);
  sizes.forEach((n, i) => assert.deepEqual(s.runs[i], expected(n, s.loop, s.branch), `queued list ${i} (n = ${n})`));
  // Again, now from reused buffers (the pool holds the ones just merged).
  for (const n of sizes.reverse()) run(s, n);
  s.session.flush();
  sizes.forEach((n, i) => assert.deepEqual(s.runs[sizes.length + i], expected(n, s.loop, s.branch), `second round, list ${i} (n = ${n})`));
});

test('what merge() is given is only valid during the call: the buffer is reused for the next list', () => {
  const kept = [];
  const s = load({}, kept);
  run(s, 5);
  run(s, 1);
  // The first view now shows the second list's events where they overlap: the recorder must copy
  // (the addon does), as trace-ir.md section 7 says.
  assert.deepEqual(s.runs[0], expected(5, s.loop, s.branch));
  assert.deepEqual(s.runs[1], expected(1, s.loop, s.branch));
  assert.equal(kept[0].buffer, kept[1].buffer, 'the second list reused the first one\'s buffer');
});

test('an overflowing activation is dropped and the next ones are recorded from a fresh start', () => {
  const s = load();
  run(s, 4);
  run(s, MAX_EVENTS); // MAX_EVENTS pairs: twice the bound
  run(s, 6);
  assert.equal(s.session.rejected, 1);
  assert.match(s.session.lastRejection, /more than \d+ events/);
  assert.deepEqual(s.runs, [expected(4, s.loop, s.branch), expected(6, s.loop, s.branch)]);
});

test('activations that overlap (one starts before the other ends) each get their own buffer', () => {
  const s = load();
  const a = s.session.activation();
  const b = s.session.activation();
  a.call(s.main, { n: 3000 });
  b.call(s.main, { n: 7 });
  b.end();
  const c = s.session.activation(); // takes the buffer b gave back, while a's is still in use
  c.call(s.main, { n: 2 });
  a.end();
  c.end();
  assert.deepEqual(s.runs, [expected(7, s.loop, s.branch), expected(3000, s.loop, s.branch), expected(2, s.loop, s.branch)]);
});
