// Differential: /init variants of the runtime tests (testEntryPointOtherThanMain, testEnvParameters, exports with two entry points): the /init reply and ten activations compared, native once compiled.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { COMPILE_AFTER } = require('./harness');
const { startServer } = require('../runtime/harness');

// Source: openwhisk-runtime-nodejs NodeJsActionContainerTests (inline action sources); `native`: whether the auto server must turn native.
const CASES = [
  { name: 'entry point niam', main: 'niam', code: 'function niam(args) {\n  return args;\n}\n', native: true },
  {
    name: 'env parameters read at load time',
    main: 'main',
    code: 'const envargs = {\n    "SOME_VAR": process.env.SOME_VAR,\n    "ANOTHER_VAR": process.env.ANOTHER_VAR\n}\n\nfunction main(args) {\n    return envargs\n}\n',
    env: { SOME_VAR: 'xyz', ANOTHER_VAR: 'ü☃', NUM: 5 },
    native: false,
  },
  { name: 'module state from env, written per activation', main: 'main', code: 'const envargs = { "SOME_VAR": process.env.SOME_VAR, n: 0 }\nfunction main(args) {\n    envargs.n++;\n    envargs.last = args.v;\n    return envargs\n}\n', env: { SOME_VAR: 'xyz' }, native: false },
  { name: 'module.exports with main and niam, niam chosen', main: 'niam', code: 'function main(a) { return { wrong: true }; }\nfunction niam(a) { return { right: a.v }; }\nmodule.exports = { main, niam };\n', native: true },
];
const VALUES = [1, 2, 3, 4, 5, 'x', null, 6, [1], 7, { deep: { ü: [1e21, -1.5] } }];

for (const c of CASES) {
  test(`differential: ow-init, ${c.name}`, async (t) => {
    const node = await startServer({ engine: 'node' });
    const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
    try {
      const body = { value: { name: 'test', main: c.main, binary: false, code: c.code, ...(c.env ? { env: c.env } : {}) } };
      const ia = await node.post('/init', body);
      const ib = await auto.post('/init', body);
      assert.equal(ia.status, 200, ia.text);
      assert.deepEqual([ib.status, ib.text], [ia.status, ia.text], '/init');
      let native = 0;
      for (const [i, v] of VALUES.entries()) {
        const ra = await node.run({ v });
        const rb = await auto.run({ v });
        assert.deepEqual([rb.status, rb.text], [ra.status, ra.text], `/run ${JSON.stringify(v)}`);
        if (rb.headers['x-containerless-engine'] === 'native') native++;
        if (i === COMPILE_AFTER - 1 && c.native) await auto.waitForMetric('containerless_native_ready', 1);
      }
      t.diagnostic(`${c.name}: ${native} of ${VALUES.length} answered natively`);
      if (c.native) assert.ok(native >= VALUES.length - COMPILE_AFTER - 1, `only ${native} native answers`);
    } finally {
      await Promise.all([node.stop(), auto.stop()]);
    }
  });
}
