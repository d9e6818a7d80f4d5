// try/catch/finally end to end: traced by the real tracer, compiled, run natively against Node.js.
//
// Native code runs a try block then its finally block; any throw in it aborts with reason
// `throw` (Node.js then re-executes the activation and runs the catch block), so the catch block
// is never compiled. Inputs that take the try path must answer exactly as Node.js; inputs that
// throw (a throw statement, JSON.parse of bad text, a TypeError) must abort `throw`.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { skip, traceAction, compileTrace, runHandler } = require('./built');

const ACTION = `
function parse(text) {
  return JSON.parse(text);
}
async function main(args) {
  let steps = 0;
  try {
    const data = parse(args.json);
    try {
      steps = steps + 1;
      if (data.n > 100) throw { code: 'too big' };
    } finally {
      steps = steps + 10;
    }
    const size = args.meta.size;
    return { n: data.n * 2, size, steps };
  } catch (e) {
    return { caught: e.code || e.message, steps };
  }
}
module.exports.main = main;
`;

const TRAIN = [
  { json: '{"n":1}', meta: { size: 3 } },
  { json: '{"n":5}', meta: { size: 'x' } },
  { json: '{"n":500}', meta: {} }, // the throw statement, caught
  { json: 'nope', meta: {} }, // JSON.parse's SyntaxError, thrown in the callee and caught in main
  { json: '{"n":2}' }, // a TypeError (args.meta is undefined)
];
// [input, 'answer' (identical to Node.js) or 'throw' (aborted, reason throw)]
const HELD_OUT = [
  [{ json: '{"n":7.5}', meta: { size: [1, 2] } }, 'answer'],
  [{ json: '{"n":-3}', meta: { size: null } }, 'answer'],
  [{ json: '{"n":100}', meta: { size: 'edge' } }, 'answer'],
  [{ json: '{"n":101}', meta: {} }, 'throw'],
  [{ json: '{', meta: { size: 1 } }, 'throw'],
  [{ json: '{"n":1}', meta: null }, 'throw'],
];

test('try/catch/finally: the try path answers as Node.js, a throw aborts', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-try-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const doc = JSON.parse(fs.readFileSync(trace, 'utf8'));
    const tries = [];
    const walk = (block) => {
      for (const s of block) {
        if (s.s === 'try') tries.push(s);
        for (const k of ['then', 'else', 'body', 'catch', 'finally']) if (Array.isArray(s[k])) walk(s[k]);
        for (const t of s.targets || []) if (t.body) walk(t.body);
      }
    };
    walk(doc.main.body);
    assert.equal(tries.length, 2, 'the outer and the inner try are in the trace');
    assert.equal(tries[0].param, 'e');
    assert.doesNotMatch(JSON.stringify(doc.main), /"reason":"unsupported: /);
    // The catch block ran in Node.js during training: its decision was recorded.
    const catchIf = JSON.stringify(tries[0].catch).match(/"taken":\[(\d+),(\d+)\]/);
    assert.ok(catchIf && Number(catchIf[1]) + Number(catchIf[2]) === 3, `catch block events: ${JSON.stringify(tries[0].catch)}`);

    const so = compileTrace(dir, trace);
    const rs = fs.readFileSync(path.join(dir, 'rust', 'handler.rs'), 'utf8');
    assert.match(rs, /too big/, 'the try block is compiled');
    assert.doesNotMatch(rs, /caught/, 'the catch block is not compiled (native code never runs it)');

    const inputs = HELD_OUT.map(([x]) => JSON.stringify(x));
    const outcomes = runHandler(so, HELD_OUT.map(([x]) => x));
    const { main } = require(code);
    for (const [i, [input, want]] of HELD_OUT.entries()) {
      const native = outcomes[i];
      const node = JSON.stringify(await main(JSON.parse(JSON.stringify(input))));
      if (want === 'answer') {
        assert.equal(native.status, 'answered', `input ${inputs[i]}: ${JSON.stringify(native)}`);
        assert.equal(native.body, node, `input ${inputs[i]}`);
      } else {
        assert.match(node, /"caught"/, `input ${inputs[i]} takes Node's catch block`);
        assert.equal(native.status, 'aborted', `input ${inputs[i]} should abort, got ${JSON.stringify(native)}`);
        assert.equal(native.abort.reason, 'throw', `input ${inputs[i]}: ${JSON.stringify(native.abort)}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
