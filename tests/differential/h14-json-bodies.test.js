// Differential: h14-json-bodies, raw /run bodies through the arguments parser that works in place (keys of 1-9 bytes, escapes, duplicate and __proto__ keys, numbers at the edges, invalid UTF-8, lone surrogates, long strings, deep nesting) and JSON texts parsed and printed by the action (helper E2's H14 hunt).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { COMPILE_AFTER } = require('./harness');
const { startServer } = require('../runtime/harness');
const { countSentinels } = require('../lib/server');

const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const texts = (...xs) => JSON.stringify(xs);
const deep = (n) => `${'['.repeat(n)}1${']'.repeat(n)}`;
const deepObject = (n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

// [body, native]: native 1 where the body must be answered natively (measured, twice alike).
const BODIES = [
  ['{"value":{"a":1,"ab":2,"abc":3,"abcd":4,"abcde":5,"abcdef":6,"abcdefg":7,"abcdefgh":8,"abcdefghi":9}}', 1],
  ['{"value":{"\\u0061":1,"a\\u0062":2,"\\n":3,"ab\\"c":4,"abcdefg\\\\":5,"\\u00e9":6,"é":7,"\\ud83d\\ude00":8}}', 0],
  ['{"value":{"a":1,"\\u0061":2,"b":1,"b":{"x":1},"b":3}}', 0],
  ['{"value":{"__proto__":1,"x":2}}', 0],
  ['{"value":{"__proto_":1,"__proto__x":2,"__pro\\u0074o__":3}}', 0],
  ['{"value":{"n":-0,"m":1e-7,"k":123456789012345678901,"j":0.1e1,"i":1e308,"h":1e309,"g":-1e-400,"f":1E+2,"e":5e-324,"d":-0.0}}', 0],
  ['{"value":{"n":0.000001,"m":1e21,"k":999999999999999999999,"j":1e-6,"i":123e-20,"h":2147483648,"g":-2147483649,"f":4294967296,"e":9007199254740992,"d":9007199254740993}}', 1],
  ['{"value":{"s":"\\ud800","t":"\\udc00","u":"a\\ud800b","w":"\\udbff\\udfff"}}', 0],
  [bytes('{"value":{"s":"a', [0xff], 'b"}}'), 0],
  [bytes('{"value":{"s":"', [0xc3], '"}}'), 0],
  [bytes('{"value":{"s":"', [0xed, 0xa0, 0x80], '"}}'), 0],
  [bytes('{"value":{"', [0xe2, 0x82], '":1}}'), 0],
  [bytes('{"value":{"s":"', [0xf0, 0x9f, 0x98], 'x"}}'), 0],
  [bytes('{"value":{"s":"', [0xc0, 0x80], '"}}'), 0],
  [bytes('{"value":{"s":"', [0xf4, 0x90, 0x80, 0x80], '"}}'), 0],
  [`{"value":{"long":"${'x'.repeat(70000)}"}}`, 1],
  [`{"value":{"long":"${'é😀\\n'.repeat(5000)}"}}`, 1],
  [`{"value":{"d":${deep(200)}}}`, 1],
  [`{"value":{"d":${deepObject(200)}}}`, 1],
  [`{"value":{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')}}}`, 1],
  ['{"value":{"a":1}  ,  "x" : 2 }', 1],
  ['{"value":{"12345678":1,"1234567":2,"0":3,"00":4,"1e3":5,"-0":6}}', 1],
  ['{"value":{"\\u0000\\u0001":1,"\\u001f":2,"\\u007f":3,"\\u2028\\u2029":4}}', 1],
  // Keys equal only once unescaped (duplicates the runtime must see: Node.js answers), and top-level fields spelled with escapes.
  ['{"value":{"\\u00e9":1,"é":2}}', 0],
  ['{"value":{"abcdefgh":1,"abcdefg\\u0068":2}}', 0],
  ['{"value":{"k":[{"a":1,"\\u0061":2}]}}', 0],
  ['{"value":{"\\ud83d\\ude00":1,"😀":2}}', 0],
  ['{"value":{"a\\/b":1,"a/b":2}}', 0],
  ['{"value":{"__pro\\u0074o__":{"x":1}}}', 1],
  ['{"value":{"x":1},"value":{"y":2}}', 1],
  ['{"value":{"x":1},"v\\u0061lue":{"y":2}}', 1],
  ['{"value":{"x":1},"activation_id":"a","activation_\\u0069d":"b"}', 1],
  // Bad /run bodies: both runtimes refuse them alike.
  ['{"value":{"a":01}}', 0],
  ['{"value":{"a":"\\x41"}}', 0],
  ['{"value":{"a":1,}}', 0],
  // JSON texts the action parses: valid ones natively, invalid ones throw (native code aborts, Node.js answers).
  [`{"value":{"texts":${texts('{"a":1,"ab":2,"abcdefgh":8,"abcdefghi":9}', '{"\\u0061":1,"a\\u0062":2,"\\n":3,"ab\\"c":4,"😀":9}', '{"a":1,"a":2}', '{"__proto__":{"p":1},"q":2}')}}}`, 1],
  [`{"value":{"texts":${texts('[-0,0.0,-0.0e5,1e-7,1e21,1e-6,123e-20,2147483648,-2147483649,9007199254740993,1.7976931348623157e308,2.2250738585072014e-308]', '{"n":123456789012345678901,"m":0.1e1,"k":1e309}')}}}`, 1],
  [`{"value":{"texts":${texts('{"s":"\\ud800","t":"a\\udc00b"}', '"\\udbff\\udfff"', `{"k":"${'é😀'.repeat(3000)}"}`, deepObject(100))}}}`, 0],
  [`{"value":{"texts":${texts('{"a":01}')}}}`, 0],
  [`{"value":{"texts":${texts('{"a":1,}')}}}`, 0],
  [`{"value":{"texts":${texts('{"12345678":1,"1234567":2,"0":3,"4294967295":7,"4294967294":8}', '  {"ws"  :  [ 1 , 2 ]  }  ')}}}`, 1],
  [`{"value":{"texts":${texts('"\\u12"')}}}`, 0],
  [`{"value":{"texts":${texts('{"aaaaaaaa":1,"aaaaaaab":2,"aaaaaaa":3,"aaaaaaaaa":4,"":5,"":6}')}}}`, 1],
];

/** One raw /run body: status, body, and the activation's logs (none for a bad request). */
async function rawRun(server, body) {
  const mark = server.mark();
  const before = Math.min(countSentinels(server.stdout), countSentinels(server.stderr));
  const r = await server.post('/run', body);
  if (r.status !== 200 && /bad request/i.test(r.text)) await new Promise((res) => setTimeout(res, 100));
  else await server.waitForSentinels(before + 1);
  const logs = server.since(mark);
  return { status: r.status, body: r.text, stdout: logs.stdout, stderr: logs.stderr, engine: r.headers['x-containerless-engine'] };
}

test('differential: h14-json-bodies, /run bodies and JSON texts at the parsers\' edges', async (t) => {
  const code = fs.readFileSync(path.join(__dirname, 'actions', 'h14-json-bodies.js'), 'utf8');
  const node = await startServer({ engine: 'node' });
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  const diffs = [];
  const engines = [];
  try {
    for (const s of [node, auto]) assert.equal((await s.init(code)).status, 200);
    const train = [{ a: 1, b: 'x', texts: ['{"a":1}', 'x'] }, { z: [1, 2], y: { k: null }, texts: ['[1,2]'] }, { n: null }];
    for (const v of train) for (const s of [node, auto]) await s.run(v);
    // (rustc at nice 19 on a busy machine: up to DIFF_COMPILE_TIMEOUT_MS)
    const deadline = Date.now() + Number(process.env.DIFF_COMPILE_TIMEOUT_MS || 60_000);
    while ((await auto.metrics()).containerless_native_ready !== 1) {
      assert.ok(Date.now() < deadline, `the action did not turn native:\n${auto.events.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [body, native] of BODIES) {
      const a = await rawRun(node, body);
      const b = await rawRun(auto, body);
      engines.push(b.engine);
      const key = (x) => JSON.stringify([x.status, x.body, x.stdout, x.stderr]);
      const shown = Buffer.isBuffer(body) ? body.toString('hex') : body.slice(0, 200);
      if (key(a) !== key(b)) diffs.push({ body: shown, node: key(a).slice(0, 2000), auto: key(b).slice(0, 2000), engine: b.engine });
      if (native && b.engine !== 'native') diffs.push({ body: shown, engine: `expected native, answered by ${b.engine}` });
    }
    if (process.env.DIFF_VERBOSE) for (const l of auto.events.split('\n').filter((x) => /abort|demot|compil/.test(x))) t.diagnostic(l.slice(0, 300));
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
  }
  t.diagnostic(`h14-json-bodies: ${BODIES.length} bodies, ${engines.filter((e) => e === 'native').length} answered natively (${engines.map((e) => (e === 'native' ? 1 : 0)).join('')})`);
  assert.deepEqual(diffs, []);
});
