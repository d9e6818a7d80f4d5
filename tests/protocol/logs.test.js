// Protocol section 4: log lines and sentinels, Unicode in results and logs, and 100 activations on one server.
'use strict';

const assert = require('node:assert/strict');
const util = require('node:util');
const { describe, test } = require('node:test');
const { SENTINEL, assertSentinelPairs, startWithAction } = require('./harness');

/** What a UTF-8 stream carries for `s`: lone surrogates cannot be encoded and become U+FFFD. */
function overUtf8(s) {
  return Buffer.from(s, 'utf8').toString('utf8');
}

describe('logs', { concurrency: true }, () => {
  test("OpenWhisk's standard unicode test", async () => {
    // The action of openwhisk/tests/dat/actions/unicode.tests for Node.js.
    const server = await startWithAction(`
      function main(args) {
        var str = args.delimiter + " ☃ " + args.delimiter;
        console.log(str);
        return { "winter": str };
      }`);
    const r = await server.run({ delimiter: '❄' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { winter: '❄ ☃ ❄' });
    assert.match(r.headers['content-type'], /^application\/json/);
    const logs = await server.stop();
    assert.equal(logs.stdout, `❄ ☃ ❄\n${SENTINEL}\n`);
    assert.equal(logs.stderr, `${SENTINEL}\n`);
  });

  test('emoji and lone surrogates round-trip in results and logs', async () => {
    const server = await startWithAction(`
      function main(args) {
        console.log('hello ' + args.s);
        console.error('hello ' + args.s);
        const units = [];
        for (let i = 0; i < args.s.length; i++) units.push(args.s.charCodeAt(i));
        return { s: args.s, units };
      }`);
    const strings = [
      'hello ☃ ❄',
      'emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷',
      'lone high \ud83d end',
      'lone low \ude00 end',
      'reversed pair \ude00\ud83d',
      'separators \u2028\u2029 and nul \u0000',
    ];
    for (const s of strings) {
      const r = await server.run({ s });
      assert.equal(r.status, 200);
      // The action received exactly the UTF-16 code units sent, and the result carries them back.
      assert.deepEqual(r.json.units, Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)));
      assert.equal(r.json.s, s);
    }
    const logs = await server.stop();
    assertSentinelPairs(logs, strings.length);
    const expected = strings.map((s) => `${overUtf8(`hello ${s}`)}\n${SENTINEL}\n`).join('');
    assert.equal(logs.stdout, expected);
    assert.equal(logs.stderr, expected);
    // Strings without lone surrogates come through the logs byte for byte.
    assert.ok(logs.stdout.includes('hello emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷\n'));
  });

  test("console output is formatted by Node's util.format and goes to the right stream", async () => {
    const server = await startWithAction(`
      function main() {
        console.log({ a: 1, b: [1, 2] });
        console.log('%s is %d years and %j', 'Bob', 42, { j: true });
        console.info('info', new Map([['k', 1]]), new Set([1]));
        console.log('multi\\nline', null, undefined, 1.5, -0, 10n);
        console.error('error', { nested: { deep: { deeper: { deepest: 1 } } } });
        console.warn('warn', [1, [2, [3, [4]]]]);
        console.error(new Error('logged error').message);
        return {};
      }`);
    const r = await server.run({});
    assert.equal(r.status, 200);
    const logs = await server.stop();
    const lines = (...calls) => calls.map((args) => `${util.format(...args)}\n`).join('');
    // The protocol document's own example, spelled out.
    assert.ok(logs.stdout.startsWith('{ a: 1, b: [ 1, 2 ] }\n'), logs.stdout);
    assert.equal(
      logs.stdout,
      lines(
        [{ a: 1, b: [1, 2] }],
        ['%s is %d years and %j', 'Bob', 42, { j: true }],
        ['info', new Map([['k', 1]]), new Set([1])],
        ['multi\nline', null, undefined, 1.5, -0, 10n]
      ) + `${SENTINEL}\n`
    );
    assert.equal(
      logs.stderr,
      lines(['error', { nested: { deep: { deeper: { deepest: 1 } } } }], ['warn', [1, [2, [3, [4]]]]], ['logged error']) +
        `${SENTINEL}\n`
    );
  });

  test("the action's output is complete before its sentinels", async () => {
    // A 1 MiB line written synchronously, and lines written after an await, precede the sentinel.
    const server = await startWithAction(`
      async function main(args) {
        console.log('x'.repeat(args.size));
        await new Promise((resolve) => setTimeout(resolve, 5));
        console.log('after await');
        process.stderr.write('raw stderr write\\n');
        return {};
      }`);
    const size = 1024 * 1024;
    const r = await server.run({ size });
    assert.equal(r.status, 200);
    const logs = await server.stop();
    // (Compared as a boolean: a diff of two 1 MiB strings is no help.)
    const expected = `${'x'.repeat(size)}\nafter await\n${SENTINEL}\n`;
    assert.ok(
      logs.stdout === expected,
      `stdout is ${logs.stdout.length} characters, expected ${expected.length}; it ends with ${JSON.stringify(logs.stdout.slice(-80))}`
    );
    assert.equal(logs.stderr, `raw stderr write\n${SENTINEL}\n`);
  });

  test('100 sequential activations on one server: all correct, exactly 100 sentinel pairs', async () => {
    const server = await startWithAction(`
      let count = 0;
      function main(args) {
        count++;
        console.log('out ' + args.i);
        console.error('err ' + args.i);
        return { i: args.i, count, twice: args.i * 2 };
      }`);
    for (let i = 0; i < 100; i++) {
      const r = await server.run({ i });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { i, count: i + 1, twice: i * 2 });
      // As the invoker does: read this activation's logs up to both of its sentinels.
      await server.waitForSentinels(i + 1);
    }
    const logs = await server.stop();
    assertSentinelPairs(logs, 100);
    const expect = (prefix) => Array.from({ length: 100 }, (_, i) => `${prefix} ${i}\n${SENTINEL}\n`).join('');
    assert.equal(logs.stdout, expect('out'));
    assert.equal(logs.stderr, expect('err'));
  });
});
