// Random programs of async helpers called without being awaited at once (Promise.all, kept promises, nesting, async arrow callbacks of map): the instrumented program behaves as the plain one, the addon takes every list, and the trace, run at once as native code runs it, answers as Node.js.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { runAction, interpretTrace, compareInterpreted, addonAvailable, prng } = require('./lib');

const SEED = Number(process.env.TRACE_SEED || 20261127);
const PROGRAMS = Number(process.env.FANOUT_PROGRAMS || 40);

/**
 * One helper `hK`: a prefix (logs, arithmetic on its parameter), maybe a first await, then a
 * tail. A tail that logs or reads its parameter keeps the helper in Node.js (async-calls.js);
 * anything else is traced where called without an await, and must then answer as Node.js when
 * run whole at the call: logs of prefixes, of the caller and of tails in Node.js's order.
 */
function helper(r, k, count) {
  return `async function h${k}(x) {\n  ${helperBody(r, k, count)}\n}`;
}

/** The body of helper `hK` (also of an async arrow callback of map, `p.xs.map(async (x) => { … })`). */
function helperBody(r, k, count) {
  const lines = [];
  if (r.chance(0.5)) lines.push(`console.log('h${k} pre', x);`);
  lines.push(`const y = x * ${k + 2};`);
  const awaits = r.pick(['none', 'resolve', 'null', 'nested']);
  if (awaits === 'resolve') lines.push(`const v = await Promise.resolve(${k});`);
  else if (awaits === 'null') lines.push('const v = await null;');
  else if (awaits === 'nested' && k + 1 < count) lines.push(`const v = (await Promise.all([h${k + 1}(y), h${k + 1}(${k})])).length;`);
  else lines.push(`const v = ${k};`);
  const tail = r.pick(['quiet', 'quiet', 'log', 'param', 'callback']);
  if (tail === 'log') lines.push(`console.log('h${k} post', v);`);
  if (tail === 'callback') lines.push(`const list = [v, ${k}].map((e) => e + 1);`);
  else lines.push('const list = [v];');
  lines.push(tail === 'param' ? 'return [y, list, x + v];' : 'return [y, list];');
  return lines.join('\n  ');
}

function program(r) {
  const count = r.int(1, 3);
  const helpers = Array.from({ length: count }, (_, k) => helper(r, k, count));
  const body = ["console.log('start');"];
  const fan = r.pick(['helpers', 'list', 'arrow']);
  if (fan === 'helpers') body.push('const ps = p.xs.map((x) => h0(x));');
  else if (fan === 'list') body.push(`const ps = [h0(p.a), h${count - 1}(2)];`);
  else body.push(`const ps = p.xs.map(async (x) => {\n  ${helperBody(r, 0, count)}\n});`);
  if (r.chance(0.5)) body.push("console.log('between');");
  body.push('const all = await Promise.all(ps);');
  if (r.chance(0.5)) {
    body.push(`const kept = h${r.int(0, count - 1)}(p.a);`, "console.log('kept', typeof kept);", 'const k = await kept;');
  } else {
    body.push('const k = null;');
  }
  body.push('return { all, k };');
  return `${helpers.join('\n')}\nasync function main(p) {\n  ${body.join('\n  ')}\n}\n`;
}

test(`random fan-out programs (${PROGRAMS}, seed ${SEED}): instrumented as plain, lists accepted, traces exact`, { skip: addonAvailable() ? false : 'the addon is not built' }, async (t) => {
  const r = prng(SEED);
  const inputs = [{ a: 1, xs: [1, 2] }, { a: 3, xs: [] }, { a: 0, xs: [5] }];
  let full = 0;
  let eager = 0;
  let arrows = 0;
  for (let i = 0; i < PROGRAMS; i++) {
    const code = program(r);
    const plain = await runAction(code, inputs);
    const traced = await runAction(code, inputs, { traced: true, recorder: 'addon' });
    assert.deepEqual(traced.records, plain.records, `program ${i} behaved differently instrumented:\n${code}`);
    assert.equal(traced.tracing.session.rejected, 0, `program ${i}: ${traced.tracing.session.lastRejection}\n${code}`);
    const trace = traced.tracing.traceReply().text;
    if (/"async":true,"params":\["x"\]/.test(trace)) eager++;
    if (/"name":"","async":true,"params":\["x"\]/.test(trace)) arrows++;
    const native = interpretTrace(trace, inputs);
    assert.equal(compareInterpreted(native, plain), undefined, `program ${i}: the trace disagrees with Node.js:\n${code}`);
    if (native.fallbackAt === inputs.length) full++;
  }
  t.diagnostic(`${eager} programs with a helper traced (${arrows} an async arrow callback of map), ${full} answered whole by their trace`);
  assert.ok(arrows >= PROGRAMS / 16, `only ${arrows} programs traced an async arrow callback of map`);
  assert.ok(eager >= PROGRAMS / 4, `only ${eager} programs traced a helper`);
  assert.ok(full >= PROGRAMS / 8, `only ${full} programs answered whole by their trace`);
});
