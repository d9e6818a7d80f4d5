// Protocol section 3: every /run result row, __OW_* exports, `value` handling, and errors thrown outside the action's promise.
'use strict';

const assert = require('node:assert/strict');
const { before, describe, test } = require('node:test');
const { SENTINEL, assertSentinelPairs, startWithAction } = require('./harness');

// One action that does what `args.mode` says, so that one server covers every 200 row.
const RESULTS_ACTION = `
function main(args) {
  if (args.mode === 'no-return') {
    args.touched = true;
  } else {
    return dispatch(args);
  }
}
function dispatch(args) {
  switch (args.mode) {
    case 'object': return { a: 1, nested: { b: [1, 'two', null], t: true } };
    case 'promise-object': return new Promise((resolve) => setTimeout(() => resolve({ later: true }), 1));
    case 'array': return [1, 'two', { three: 3 }];
    case 'empty-array': return [];
    case 'undefined': return undefined;
    case 'bare': return;
    case 'promise-undefined': return Promise.resolve();
    case 'error-object': return { error: { code: 42, detail: 'bad input' } };
    case 'error-string': return { error: 'plain application error' };
    case 'reject-error': return Promise.reject(new TypeError('rejected on purpose'));
    case 'async-throw': return (async () => { await null; throw new RangeError('thrown in async'); })();
    case 'reject-empty': return new Promise((resolve, reject) => reject());
    case 'reject-string': return Promise.reject('just a string');
    case 'reject-object': return Promise.reject({ custom: 'value', n: 1, f() {} });
    case 'reject-error-props': {
      const e = new Error('with extras');
      e.code = 'E_EXTRA';
      e.extra = { k: [1, 2] };
      return Promise.reject(e);
    }
    case 'reject-circular': {
      const o = { a: 1 };
      o.self = o;
      return Promise.reject(o);
    }
  }
  return { unknownMode: args.mode };
}`;

describe('/run results: the 200 rows (one server)', () => {
  let server;
  let runs = 0;
  const run = (value) => {
    runs++;
    return server.run(value);
  };
  before(async () => {
    server = await startWithAction(RESULTS_ACTION);
  });

  test('an object', async () => {
    const r = await run({ mode: 'object' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { a: 1, nested: { b: [1, 'two', null], t: true } });
  });

  test('a Promise of an object', async () => {
    const r = await run({ mode: 'promise-object' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { later: true });
  });

  test('an array', async () => {
    let r = await run({ mode: 'array' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, [1, 'two', { three: 3 }]);
    r = await run({ mode: 'empty-array' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, []);
  });

  test('undefined, a bare return, no return, a Promise of undefined: {}', async () => {
    for (const mode of ['undefined', 'bare', 'no-return', 'promise-undefined']) {
      const r = await run({ mode });
      assert.equal(r.status, 200, mode);
      assert.deepEqual(r.json, {}, mode);
    }
  });

  test('{error: x} is an application error answered with 200', async () => {
    let r = await run({ mode: 'error-object' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { error: { code: 42, detail: 'bad input' } });
    r = await run({ mode: 'error-string' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { error: 'plain application error' });
  });

  test('a Promise rejected with an Error: name, message and stack', async () => {
    const r = await run({ mode: 'reject-error' });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['error']);
    const { name, message, stack, ...rest } = r.json.error;
    assert.equal(name, 'TypeError');
    assert.equal(message, 'rejected on purpose');
    assert.equal(typeof stack, 'string');
    assert.ok(stack.startsWith('TypeError: rejected on purpose\n    at '), stack);
    assert.deepEqual(rest, {});
  });

  test('an async function that throws', async () => {
    const r = await run({ mode: 'async-throw' });
    assert.equal(r.status, 200);
    assert.equal(r.json.error.name, 'RangeError');
    assert.equal(r.json.error.message, 'thrown in async');
    assert.ok(r.json.error.stack.startsWith('RangeError: thrown in async\n'), r.json.error.stack);
  });

  test('reject() with no value: {"error":{}}', async () => {
    const r = await run({ mode: 'reject-empty' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"error":{}}');
  });

  test('rejection values serialized as serialize-error does', async () => {
    // Non-objects pass through; own enumerable properties are kept, functions dropped,
    // `code` and own properties of an Error kept, circular references become "[Circular]".
    let r = await run({ mode: 'reject-string' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { error: 'just a string' });

    r = await run({ mode: 'reject-object' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { error: { custom: 'value', n: 1 } });

    r = await run({ mode: 'reject-error-props' });
    assert.equal(r.status, 200);
    const { stack, ...rest } = r.json.error;
    assert.deepEqual(rest, { name: 'Error', message: 'with extras', code: 'E_EXTRA', extra: { k: [1, 2] } });
    assert.ok(stack.startsWith('Error: with extras\n'), stack);

    r = await run({ mode: 'reject-circular' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { error: { a: 1, self: '[Circular]' } });
  });

  test('every activation wrote exactly one sentinel pair, after the server is stopped', async () => {
    const logs = await server.stop();
    assertSentinelPairs(logs, runs);
  });

});

describe('/run results: the 502 rows (one server each)', { concurrency: true }, () => {
  const DICT = 'The action did not return a dictionary.';
  const rows = [
    ['a string', 'function main() { return "a string"; }', DICT],
    ['a number', 'function main() { return 42; }', DICT],
    ['a boolean', 'function main() { return true; }', DICT],
    ['a Promise of a string', 'function main() { return Promise.resolve("later"); }', DICT],
    ['a synchronous throw of an Error', 'function main() { throw new Error("sync boom"); }', 'An error has occurred: Error: sync boom'],
    ['a synchronous throw of a string', 'function main() { throw "just text"; }', 'An error has occurred: just text'],
    [
      'a synchronous throw of a custom error',
      'class MyError extends Error { constructor(m) { super(m); this.name = "MyError"; } }\nfunction main() { throw new MyError("mine"); }',
      'An error has occurred: MyError: mine',
    ],
  ];
  for (const [label, code, message] of rows) {
    test(label, async () => {
      const server = await startWithAction(code);
      const r = await server.run({});
      assert.equal(r.status, 502);
      assert.deepEqual(r.json, { error: message });
      // The activation reached user code: one pair.
      assertSentinelPairs(await server.stop(), 1);
    });
  }
});

// express's res.json throws on such a result; the stock runtime's wrapEndpoint catches it.
describe('/run results that JSON cannot serialize answer as the stock runtime', { concurrency: true }, () => {
  const rows = [
    ['a cycle', 'function main() { const o = { a: 1 }; o.self = o; return o; }'],
    ['a BigInt', 'function main() { return { n: 1n }; }'],
  ];
  for (const [label, code] of rows) {
    test(label, async () => {
      const server = await startWithAction(code);
      const r = await server.run({});
      assert.equal(r.status, 500);
      assert.deepEqual(r.json, { error: 'Internal error.' });
      const logs = await server.stop();
      assertSentinelPairs(logs, 1);
      // The line comes after the activation's sentinel, as in the stock runtime.
      assert.ok(logs.stderr.endsWith(`${SENTINEL}\n[wrapEndpoint] invalid errored promise {}\n`), logs.stderr);
    });
  }
});

describe('/run exports context as __OW_* environment variables', { concurrency: true }, () => {
  test('every top-level string key, and __OW_API_HOST from the server environment', async () => {
    const apiHost = 'https://openwhisk.example.test:443';
    const server = await startWithAction(
      `function main(args) {
         const env = {};
         for (const k of Object.keys(process.env)) if (k.startsWith('__OW_')) env[k] = process.env[k];
         return { env, value: args };
       }`,
      { env: { __OW_API_HOST: apiHost } }
    );
    const context = {
      namespace: 'guest',
      action_name: '/guest/hello',
      action_version: '0.0.1',
      activation_id: '6c7e9bb1b2e94d2aa02b1ec8d6a1e5f0',
      transaction_id: 'txn-1',
      deadline: '1570223213407',
      api_key: 'user:secret',
      custom_key: 'custom',
      number_key: 7,
      object_key: { a: 'b' },
      null_key: null,
    };
    let r = await server.run({ p: 1 }, context);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.value, { p: 1 });
    assert.deepEqual(r.json.env, {
      __OW_API_HOST: apiHost,
      __OW_NAMESPACE: 'guest',
      __OW_ACTION_NAME: '/guest/hello',
      __OW_ACTION_VERSION: '0.0.1',
      __OW_ACTIVATION_ID: '6c7e9bb1b2e94d2aa02b1ec8d6a1e5f0',
      __OW_TRANSACTION_ID: 'txn-1',
      __OW_DEADLINE: '1570223213407',
      __OW_API_KEY: 'user:secret',
      __OW_CUSTOM_KEY: 'custom',
    });

    // The next activation's context replaces the previous one's values.
    r = await server.run({}, { ...context, activation_id: 'second', deadline: '1570223299999' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.env.__OW_ACTIVATION_ID, 'second');
    assert.equal(r.json.env.__OW_DEADLINE, '1570223299999');
    assertSentinelPairs(await server.stop(), 2);
  });
});

describe('/run `value` handling (echo action)', () => {
  let server;
  let userRuns = 0;
  before(async () => {
    server = await startWithAction('function main(args) { return args; }');
  });

  test('value absent or null is {}', async () => {
    let r = await server.post('/run', {});
    userRuns++;
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {});
    r = await server.post('/run', { value: null });
    userRuns++;
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {});
  });

  test('an array value is passed through', async () => {
    const r = await server.run([1, 'two', { three: [3] }]);
    userRuns++;
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, [1, 'two', { three: [3] }]);
  });

  test('a non-object value gets an error answer and the server keeps serving', async () => {
    for (const value of ['a string', 42, true]) {
      const r = await server.run(value);
      assert.notEqual(r.status, 200, JSON.stringify(value));
      assert.equal(typeof r.json.error, 'string', r.text);
      const next = await server.run({ after: value });
      userRuns++;
      assert.equal(next.status, 200, next.text);
      assert.deepEqual(next.json, { after: value });
    }
  });

  test('only activations that reached user code wrote sentinels', async () => {
    const logs = await server.stop();
    assertSentinelPairs(logs, userRuns);
  });

});

describe('errors thrown outside the action promise', () => {
  let server;
  before(async () => {
    server = await startWithAction(`
      function main(args) {
        if (args.late) {
          console.log('late: main returned a pending promise');
          return new Promise(() => { setTimeout(() => { throw new Error('thrown from a timer'); }, 5); });
        }
        if (args.unhandled) {
          Promise.reject(new Error('left unhandled'));
          return new Promise(() => {});
        }
        return { ok: true, n: args.n };
      }`);
  });

  test('a throw in a setTimeout after main returned: 502, then the next activation works', async () => {
    const r = await server.run({ late: true });
    assert.equal(r.status, 502);
    assert.equal(typeof r.json.error, 'string');
    assert.match(r.json.error, /thrown from a timer/);
    const next = await server.run({ n: 2 });
    assert.equal(next.status, 200);
    assert.deepEqual(next.json, { ok: true, n: 2 });
  });

  test('an unhandled rejection while main is pending: 502, then the next activation works', async () => {
    const r = await server.run({ unhandled: true });
    assert.equal(r.status, 502);
    assert.match(r.json.error, /left unhandled/);
    const next = await server.run({ n: 3 });
    assert.equal(next.status, 200);
    assert.deepEqual(next.json, { ok: true, n: 3 });
  });

  test('one sentinel pair per activation, the error logged before its sentinel', async () => {
    const logs = await server.stop();
    assertSentinelPairs(logs, 4);
    assert.equal(logs.stdout, `late: main returned a pending promise\n${SENTINEL}\n${SENTINEL}\n${SENTINEL}\n${SENTINEL}\n`);
    const stderr = logs.stderr.split(`${SENTINEL}\n`);
    assert.equal(stderr.length, 5, logs.stderr);
    assert.match(stderr[0], /thrown from a timer/);
    assert.equal(stderr[1], '');
    assert.match(stderr[2], /left unhandled/);
    assert.equal(stderr[3], '');
    assert.equal(stderr[4], '');
  });

});
