// try/catch/finally in the tracer (docs/trace-ir.md sections 5 and 7): the normalizer's `try`, its unsupported forms, and nested event lists when a callee's throw is caught.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { normalizeProgram } = require('../../proxy/trace/normalize');
const { runAction } = require('./lib');

/** Every statement of a block, nested ones included (not call targets). */
function* walk(block) {
  for (const s of block) {
    yield s;
    for (const key of ['then', 'else', 'body', 'catch', 'finally']) if (Array.isArray(s[key])) yield* walk(s[key]);
  }
}

function mainBody(code) {
  const { program } = normalizeProgram(code);
  return { program, body: program.functions[program.main_function].body };
}

test('try/catch/finally becomes one try statement with a local catch parameter', () => {
  const { program, body } = mainBody('function main(a) { try { a.x = 1; } catch (e) { a.e = e; } finally { a.f = 2; } return a; }');
  const t = body.find((s) => s.s === 'try');
  assert.deepEqual(Object.keys(t), ['s', 'body', 'param', 'catch', 'finally', 'loc']);
  assert.equal(t.param, 'e');
  assert.ok(program.functions[0].locals.includes('e'));
  assert.deepEqual(t.body.map((s) => s.s), ['setprop']);
  assert.deepEqual(t.catch.map((s) => s.s), ['setprop']);
  assert.deepEqual(t.finally.map((s) => s.s), ['setprop']);
  const bare = mainBody('function main(a) { try { a.x = 1; } catch { a.y = 1; } return a; }').body[0];
  assert.equal(bare.param, null);
  assert.equal(bare.finally, null);
  const noCatch = mainBody('function main(a) { try { a.x = 1; } finally { a.y = 1; } return a; }').body[0];
  assert.equal(noCatch.catch, null);
});

test('a shadowing catch parameter gets a unique name', () => {
  const { body } = mainBody('function main(a) { let e = 1; try { e = 2; } catch (e) { return e; } return e; }');
  const t = body.find((s) => s.s === 'try');
  assert.equal(t.param, 'e$1');
  assert.deepEqual(t.catch[0].value, { a: 'var', name: 'e$1' });
});

test('return from a try block without a finally is kept; jumps past a finally are unsupported', () => {
  const plain = mainBody('function main(a) { for (;;) { try { if (a.x) break; return 1; } catch (e) { continue; } } return 2; }').body;
  assert.ok([...walk(plain)].some((s) => s.s === 'try'), 'the try without a finally is normalized');
  const cases = [
    ['function main(a) { try { return 1; } finally { a.y = 1; } }', 'unsupported: return out of a try block that has a finally'],
    ['function main(a) { try { a.x(); } catch (e) { return 1; } finally { a.y = 1; } }', 'unsupported: return out of a catch block that has a finally'],
    ['function main(a) { for (;;) { try { break; } finally { a.y = 1; } } }', 'unsupported: break out of a try block that has a finally'],
    ['function main(a) { while (a.n) { try { continue; } finally { a.y = 1; } } }', 'unsupported: continue out of a try block that has a finally'],
    ['function main(a) { try { a.x(); } catch ({ [a.k]: message }) { a.m = message; } }', 'unsupported: destructuring catch parameter with computed keys or defaults that are not plain values'],
  ];
  for (const [code, reason] of cases) {
    const reasons = [...walk(mainBody(code).body)].filter((s) => s.s === 'unknown').map((s) => s.reason);
    assert.ok(reasons.includes(reason), `${code}: ${JSON.stringify(reasons)}`);
  }
  // Jumps that stay inside the finally-protected block are fine.
  const inner = mainBody('function main(a) { try { for (const x of a.xs) { if (x) break; } } finally { a.y = 1; } return a; }').body;
  assert.ok(inner.some((s) => s.s === 'try'));
});

test('a callee that throws into a caught try keeps the event list nested (its exit comes first)', async () => {
  const code = `
function check(n) {
  if (n < 0) throw new RangeError('negative');
  return n;
}
function main(args) {
  try {
    return { ok: check(args.n) };
  } catch (e) {
    if (e instanceof RangeError) return { error: e.message };
    return { other: true };
  }
}`;
  const { program } = normalizeProgram(code);
  const main = program.functions[program.main_function];
  const check = program.functions.find((f) => f.name === 'check');
  const t = main.body.find((s) => s.s === 'try');
  const call = [...walk(t.body)].find((s) => s.s === 'call');
  const catchIf = [...walk(t.catch)].find((s) => s.s === 'if');
  const { records, collector } = await runAction(code, [{ n: 1 }, { n: -1 }], { traced: true, recorder: 'collect' });
  assert.equal(records[1].result, "{ error: 'negative' }");
  const pairs = (list) => Array.from({ length: list.length / 2 }, (_, i) => [list[2 * i], list[2 * i + 1]]);
  const runs = collector.lists.runs.map(pairs);
  assert.equal(runs.length, 2);
  // The throwing run: call, enter, the callee's if (then side), exit on throw, then the catch's if.
  const thrown = runs[1];
  const at = thrown.findIndex(([a, b]) => a === call.site && b === check.id);
  assert.ok(at >= 0, JSON.stringify(thrown));
  const after = thrown.slice(at);
  assert.deepEqual(after[1], [-1, check.id]);
  const exit = after.findIndex(([a]) => a === -2);
  assert.ok(exit > 1, JSON.stringify(thrown));
  assert.deepEqual(after.slice(exit + 1).filter(([a]) => a === catchIf.site), [[catchIf.site, 0]]);
  // Balanced: every enter has its exit, and the catch's events come after the callee's exit.
  let depth = 0;
  for (const [a] of thrown) {
    if (a === -1) depth++;
    if (a === -2) depth--;
    assert.ok(depth >= 0);
  }
  assert.equal(depth, 0);
  assert.ok(thrown.findIndex(([a]) => a === catchIf.site) > at + exit);
});

test('a module object changed in a catch or finally block makes the program not compilable', () => {
  for (const block of ['catch (e) { LOG.push(e); }', 'finally { LOG.push(1); }']) {
    const { program } = normalizeProgram(`const LOG = []; function main(a) { try { a.x = 1; } ${block} return a; }`);
    assert.equal(program.compilable, false, block);
    assert.match(program.not_compilable_because, /changes the module object LOG/);
  }
});

test('an async callee awaited at once in a finally block is inlined, not opaque', { skip: !require('./lib').addonAvailable() && 'the addon is not built' }, async () => {
  const code = `
async function get(x) { return x + 1; }
async function main(args) {
  let v = 0;
  try {
    v = args.n * 2;
  } finally {
    v = await get(v);
  }
  return { v };
}`;
  const traced = await runAction(code, [{ n: 1 }], { traced: true, recorder: 'addon' });
  assert.equal(traced.records[0].result, '{ v: 3 }');
  const trace = JSON.parse(traced.tracing.traceReply().text);
  const t = trace.main.body.find((s) => s.s === 'try');
  const call = [...walk(t.finally)].find((s) => s.s === 'call');
  assert.deepEqual(call.targets.map((x) => x.name || x.opaque), ['get']);
});
