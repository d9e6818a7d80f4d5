// `new Date(…)` end to end: traced by the real tracer, compiled, run natively against Node.js, and a fallback's replay reading the native attempt's clock.
//
// `new Date()` reads the clock as Date.now() does, as a `now` effect (docs/handler-abi.md section
// 3): when native code aborts after it, the Node engine re-executes the activation with the
// abort record (proxy/replay.js), and its `new Date()` must give the very time the native attempt
// read, not a fresh one.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const { COMPILER, RUNNER, skip, run, traceAction } = require('./built');
const { installReplay, runWithRecord } = require('../../proxy/replay');

const ACTION = `
function main(args) {
  const at = new Date();
  const when = new Date(args.when);
  const out = {
    iso: when.toISOString(),
    parts: [when.getUTCFullYear(), when.getUTCMonth(), when.getUTCDate(), when.getUTCDay(), when.getUTCMilliseconds()],
    json: JSON.stringify({ when }),
    copy: new Date(when).getTime(),
    utc: Date.UTC(when.getUTCFullYear(), 1, 29),
    past: at.getTime() > when.getTime(),
  };
  console.log('when', when, [when]);
  if (args.late) {
    // Never traced: native code aborts here, after its clock reading.
    out.at = at.getTime();
    out.atIso = at.toISOString();
  }
  return out;
}
module.exports.main = main;
`;

const TRAIN = [{ when: 0 }, { when: '2020-02-29T12:34:56.789Z' }, { when: -62198755200000 }];
const HELD_OUT = [{ when: '2024-12-31' }, { when: 951868799999 }, { when: '+002000-02-29T23:59:59.999+05:30' }, { when: -8.64e15 }, { when: 1.9 }, { when: '1970' }];

test('new Date: traced, compiled and answered as Node.js; a fallback replays the native clock reading', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-date-'));
  try {
    const { code, trace } = traceAction(dir, ACTION, TRAIN);
    const so = path.join(dir, 'action.so');
    const doc = fs.readFileSync(trace, 'utf8');
    assert.match(doc, /"construct":true,"loc":\[\d+,\d+\],"targets":\[\{"builtin":"Date"\}\]/);
    assert.doesNotMatch(doc, /"reason":"unsupported: /);
    const compiled = run(COMPILER, [trace, '-o', so]);
    assert.equal(compiled.status, 0, `containerless-compile failed: ${compiled.stderr}`);

    const inputs = [...HELD_OUT, { when: '2021-06-01T00:00:00Z', late: true }];
    const ran = run(RUNNER, [so], { input: inputs.map((x) => JSON.stringify(x)).join('\n') + '\n' });
    assert.equal(ran.status, 0, `run-handler: ${ran.stderr}`);
    const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(outcomes.length, inputs.length);

    installReplay(); // as the runtime's Node engine does, before the action runs
    const { main } = require(code);
    const logged = [];
    const log = console.log;
    for (const [i, input] of HELD_OUT.entries()) {
      const native = outcomes[i];
      assert.equal(native.status, 'answered', `input ${JSON.stringify(input)}: ${JSON.stringify(native)}`);
      console.log = (...a) => logged.push(require('node:util').format(...a));
      let node;
      try {
        node = JSON.stringify(main(JSON.parse(JSON.stringify(input))));
      } finally {
        console.log = log;
      }
      assert.equal(native.body, node, `input ${JSON.stringify(input)}`);
      assert.deepEqual(native.logs, [['stdout', logged.pop()]], `logs of ${JSON.stringify(input)}`);
    }

    // The untraced branch: aborted after the clock was read, the reading in the record.
    const late = outcomes[inputs.length - 1];
    assert.equal(late.status, 'aborted', JSON.stringify(late));
    assert.equal(late.abort.reason, 'untraced');
    assert.equal(late.abort.effects.length, 1, JSON.stringify(late.abort));
    const now = late.abort.effects[0].now;
    assert.ok(Number.isInteger(now) && now > 1.7e12, JSON.stringify(late.abort));
    // Node.js re-executes it with the record: the same time, not a fresh reading.
    await new Promise((resolve) => setTimeout(resolve, 5)); // the real clock has moved on
    console.log = () => {};
    let replayed;
    try {
      replayed = await runWithRecord(JSON.stringify(late.abort), () => main(inputs[inputs.length - 1]));
    } finally {
      console.log = log;
    }
    assert.equal(replayed.at, now);
    assert.equal(replayed.atIso, new Date(now).toISOString());
    // Without a record, Node's own clock.
    assert.ok(main({ when: 0, late: true }).at > now);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
