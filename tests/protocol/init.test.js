// Protocol section 2 for text actions: every entry-point form, require, /init env, and every /init reply row.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, test } = require('node:test');
const { SENTINEL, assertSentinelPairs, startServer, startWithAction } = require('./harness');

const INIT_FAILED = 'Initialization has failed due to: ';
const MISSING = { error: 'Missing main/no code to execute.' };

describe('/init finds the entry point in every form', { concurrency: true }, () => {
  const forms = [
    ['a top-level function main', 'main', 'function main(args) { return { form: "function", x: args.x }; }'],
    ['exports.main', 'main', 'exports.main = function (args) { return { form: "exports", x: args.x }; };'],
    ['module.exports.main', 'main', 'module.exports.main = (args) => ({ form: "module.exports", x: args.x });'],
    ['module.exports = {main}', 'main', 'function inner(args) { return { form: "object", x: args.x }; }\nmodule.exports = { main: inner };'],
    ['global.main', 'main', 'global.main = function (args) { return { form: "global", x: args.x }; };'],
    ['a non-default name (niam)', 'niam', 'function niam(args) { return { form: "niam", x: args.x }; }'],
    ['an async function', 'main', 'async function main(args) { await null; return { form: "async", x: args.x }; }'],
  ];
  for (const [label, main, code] of forms) {
    test(label, async () => {
      const server = await startWithAction(code, { main });
      const r = await server.run({ x: 42 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.x, 42);
      // The logs hold nothing after the successful /init and exactly one pair for the /run.
      const logs = await server.stop();
      assert.equal(logs.stdout, `${SENTINEL}\n`);
      assert.equal(logs.stderr, `${SENTINEL}\n`);
    });
  }
});

describe('text actions can require', { concurrency: true }, () => {
  test('Node built-ins and the preinstalled openwhisk package', async () => {
    const server = await startWithAction(`
      const crypto = require('crypto');
      const nodePath = require('node:path');
      const openwhisk = require('openwhisk');
      function main(args) {
        return {
          sha: crypto.createHash('sha256').update(args.s).digest('hex'),
          joined: nodePath.posix.join('a', 'b', '..', 'c'),
          openwhisk: typeof openwhisk,
          sameAtRun: typeof require('openwhisk') === 'function',
        };
      }`);
    const r = await server.run({ s: 'containerless' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, {
      sha: crypto.createHash('sha256').update('containerless').digest('hex'),
      joined: 'a/c',
      openwhisk: 'function',
      sameAtRun: true,
    });
    assertSentinelPairs(await server.stop(), 1);
  });
});

describe('/init env is copied into process.env before the code is evaluated', { concurrency: true }, () => {
  // Read at the top level of the action, i.e. while /init evaluates the code.
  const code = `
    const KEYS = ['CL_PROTO_A', 'CL_PROTO_EMPTY', 'CL_PROTO_UNICODE', '__OW_NAMESPACE', '__OW_ACTION_NAME',
      '__OW_ACTION_VERSION', '__OW_ACTIVATION_ID', '__OW_TRANSACTION_ID', '__OW_DEADLINE', '__OW_API_KEY'];
    const atLoad = {};
    for (const k of KEYS) atLoad[k] = Object.prototype.hasOwnProperty.call(process.env, k) ? process.env[k] : null;
    function main() { return { atLoad, atRunA: process.env.CL_PROTO_A === undefined ? null : process.env.CL_PROTO_A }; }`;

  test('string values, including "" and the __OW_ keys', async () => {
    const env = {
      CL_PROTO_A: 'alpha',
      CL_PROTO_EMPTY: '',
      CL_PROTO_UNICODE: 'ünïcødé ☃ 😀',
      __OW_NAMESPACE: 'guest',
      __OW_ACTION_NAME: '/guest/envtest',
      __OW_ACTION_VERSION: '0.0.1',
      __OW_ACTIVATION_ID: 'a1b2c3',
      __OW_TRANSACTION_ID: 't1',
      __OW_DEADLINE: '1570223213407',
      __OW_API_KEY: 'user:pass',
    };
    const server = await startWithAction(code, { initEnv: env });
    const r = await server.run({});
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { atLoad: env, atRunA: 'alpha' });
    assertSentinelPairs(await server.stop(), 1);
  });

  for (const [label, initEnv] of [
    ['env absent', undefined],
    ['env null', null],
  ]) {
    test(label, async () => {
      const server = await startWithAction(code, { initEnv });
      const r = await server.run({});
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.atLoad.CL_PROTO_A, null);
      assert.equal(r.json.atRunA, null);
      assertSentinelPairs(await server.stop(), 1);
    });
  }
});

describe('/init replies', { concurrency: true }, () => {
  test('403 rows, /run before /init, then one successful /init and no second one', async () => {
    const server = await startServer();
    const good = 'function main(args) { console.log("first action ran"); return { which: "first" }; }';

    let r = await server.run({ a: 1 });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json, { error: 'System not initialized.' });

    const missing = [
      ['body {}', {}],
      ['no value', { foo: 1 }],
      ['code missing', { value: { main: 'main' } }],
      ['main missing', { value: { code: good } }],
      ['code empty', { value: { main: 'main', code: '' } }],
      ['main empty', { value: { main: '', code: good } }],
    ];
    for (const [label, body] of missing) {
      r = await server.post('/init', body);
      assert.equal(r.status, 403, label);
      assert.deepEqual(r.json, MISSING, label);
    }
    // An empty body is no JSON object either: the same reply.
    r = await server.post('/init', '');
    assert.equal(r.status, 403, 'empty body');
    assert.deepEqual(r.json, MISSING, 'empty body');

    // None of the above used up the single /init.
    await server.initOk({ name: 'first', main: 'main', code: good });

    const mark = server.mark();
    r = await server.init({ name: 'second', main: 'main', code: 'function main() { return { which: "second" }; }' });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json, { error: 'Cannot initialize the action more than once.' });
    await server.waitForText('stderr', 'Cannot initialize the action more than once.');
    assert.match(server.since(mark).stderr, /Cannot initialize the action more than once\./);

    r = await server.run({});
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { which: 'first' });

    // Only the /run reached user code: exactly one pair, and none before its log line.
    const logs = await server.stop();
    assert.equal(logs.stdout, `first action ran\n${SENTINEL}\n`);
    assertSentinelPairs(logs, 1);
    assert.ok(
      logs.stderr.indexOf('Cannot initialize the action more than once.') < logs.stderr.indexOf(SENTINEL),
      logs.stderr
    );
  });

  /** Starts a server, sends one failing /init, checks the 502 row and the logs, then a /run. */
  async function failingInit(value, check) {
    const server = await startServer();
    const r = await server.init({ name: 'bad', binary: false, ...value });
    assert.equal(r.status, 502, r.text);
    assert.equal(typeof r.json.error, 'string');
    assert.ok(r.json.error.startsWith(INIT_FAILED), r.json.error);
    check(r.json.error);
    // A failed /init is not a successful one: /run is refused before any user code.
    const run = await server.run({});
    assert.equal(run.status, 403);
    assert.deepEqual(run.json, { error: 'System not initialized.' });
    const logs = await server.stop();
    assertSentinelPairs(logs, 1, 'a failed /init writes one pair');
    return logs;
  }

  test('502 for a syntax error', async () => {
    const logs = await failingInit({ main: 'main', code: 'function main(args) { return {' }, (error) => {
      assert.match(error, /SyntaxError/);
    });
    // The error is logged before the sentinel.
    assert.ok(logs.stderr.indexOf('SyntaxError') >= 0 && logs.stderr.indexOf('SyntaxError') < logs.stderr.indexOf(SENTINEL), logs.stderr);
  });

  test('502 for an exception thrown while the code is evaluated', async () => {
    await failingInit(
      { main: 'main', code: 'throw new Error("boom at load time");\nfunction main() { return {}; }' },
      (error) => assert.match(error, /Error: boom at load time/)
    );
  });

  test('502 for a require error', async () => {
    await failingInit(
      { main: 'main', code: 'const m = require("containerless-no-such-module");\nfunction main() { return {}; }' },
      (error) => assert.match(error, /Cannot find module 'containerless-no-such-module'/)
    );
  });

  test('502 when the entry point is not a function', async () => {
    await failingInit({ main: 'main', code: 'var main = 42;' }, (error) => {
      assert.equal(error, `${INIT_FAILED}Action entrypoint 'main' is not a function.`);
    });
  });

  test('502 when the named entry point does not exist', async () => {
    await failingInit({ main: 'niam', code: 'function main() { return {}; }' }, (error) => {
      assert.equal(error, `${INIT_FAILED}Action entrypoint 'niam' is not a function.`);
    });
  });
});
