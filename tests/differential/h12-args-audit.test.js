// Differential: h12-args-audit, unusual /run bodies (own __proto__ keys, integer-like and duplicate keys, huge and tiny numbers, escapes, a BOM, context fields) as the action sees them, native vs Node.js (helper E's H12 hunt).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER } = require('./harness');
const { startServer } = require('../runtime/harness');
const { countSentinels } = require('../lib/server');

const BODIES = [
  '{"value":{"a":1,"b":"x"}}',
  '{"value":{"__proto__":{"polluted":true},"a":1}}',
  '{"value":{"__proto__":null}}',
  '{"value":{"2":"two","1":"one","b":"b","a":"a","-1":"m","01":"z"}}',
  '{"value":{"4294967295":1,"4294967294":2,"9007199254740993":3}}',
  '{"value":{"toString":"x","valueOf":1,"constructor":"c","hasOwnProperty":2}}',
  '{"value":{"a":1,"a":2,"b":{"c":1,"c":[3]}}}',
  '{"value":{"n":1e400,"m":-1e400}}',
  '{"value":{"big":123456789012345678901234567890,"e":1E2,"f":-0.0e-0,"g":0.1e1}}',
  '{"value":{"s":"\\ud800\\udc00\\udc00","t":"\\u0000"}}',
  '{"value":{"1":"one","__proto__":{"x":1},"__proto__":[1]}}',
  '{"value":{"":"empty","\\u0000":"nul"}}',
  '{"value":{"a":1},"value":{"b":2}}',
  '{"value":{"a":1},"namespace":"ns","extra":{"x":1},"deadline":12}',
  '{"value":null}',
  '{"value":[1,2,{"a":3}]}',
  '{}',
  '\ufeff{"value":{"bom":1}}',
  '{"value":{"w":"é\\/\\b\\f"}}',
  '{"value" : { "sp" : [ 1 , 2 ] } }\n\n',
  '{"value":{"n":0.30000000000000004,"m":5e-324,"k":2.2250738585072014e-308}}',
  '{"value":{"n":1.7976931348623158e308,"m":4.9e-324,"k":2.4703282292062328e-324}}',
  '{"value":{"n":9007199254740993,"m":-9007199254740993}}',
  `{"value":{"arr":[${Array.from({ length: 150 }, (_, i) => i).join(',')}]}}`,
  '{"value":{"deep":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}',
];

/** One raw /run body: status, body, and the activation's logs (none for a bad request). */
async function rawRun(server, body) {
  const mark = server.mark();
  const before = Math.min(countSentinels(server.stdout), countSentinels(server.stderr));
  const r = await server.post('/run', body);
  if (r.status === 500 && /Bad request/.test(r.text)) await new Promise((res) => setTimeout(res, 100));
  else await server.waitForSentinels(before + 1);
  const logs = server.since(mark);
  return { status: r.status, body: r.text, stdout: logs.stdout, stderr: logs.stderr, engine: r.headers['x-containerless-engine'] };
}

test('differential: h12-args-audit, unusual /run bodies', async (t) => {
  const code = fs.readFileSync(path.join(__dirname, 'actions', 'h12-args-audit.js'), 'utf8');
  const node = await startServer({ engine: 'node' });
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  const diffs = [];
  let native = 0;
  try {
    for (const s of [node, auto]) assert.equal((await s.init(code)).status, 200);
    for (const v of [{ a: 1, b: 'x' }, { z: [1, 2], y: { k: null } }, { n: 1.5, s: '' }]) for (const s of [node, auto]) await s.run(v);
    // (rustc at nice 19 on a busy machine: up to DIFF_COMPILE_TIMEOUT_MS)
    const deadline = Date.now() + Number(process.env.DIFF_COMPILE_TIMEOUT_MS || 60_000);
    while ((await auto.metrics()).containerless_native_ready !== 1) {
      assert.ok(Date.now() < deadline, `the action did not turn native:\n${auto.events.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const body of BODIES) {
      const a = await rawRun(node, body);
      const b = await rawRun(auto, body);
      if (b.engine === 'native') native++;
      const key = (x) => JSON.stringify([x.status, x.body, x.stdout, x.stderr]);
      if (key(a) !== key(b)) diffs.push({ body, node: key(a), auto: key(b), engine: b.engine });
    }
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
  }
  t.diagnostic(`h12-args-audit: ${BODIES.length} bodies, ${native} answered natively`);
  assert.deepEqual(diffs, []);
  assert.ok(native > 0, 'no body was answered natively');
});
