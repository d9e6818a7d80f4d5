// Unit tests of the subcommands' command-line parser.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { parseOptions, UsageError } = require('./options');

const SPEC = { '--port': 'port', '-o': 'output', '--trace': { key: 'trace', flag: true } };

test('values in both forms, flags, and positionals in order', () => {
  const r = parseOptions(['a.js', '--port', '80', '--trace', '-o', 'x.json', 'b.jsonl', '-'], SPEC, {
    command: 't',
    positionals: true,
  });
  assert.deepStrictEqual(r, { help: false, options: { port: '80', trace: true, output: 'x.json' }, positionals: ['a.js', 'b.jsonl', '-'] });
  assert.deepStrictEqual(parseOptions(['--port=8080'], SPEC, { command: 't' }).options, { port: '8080' });
  assert.deepStrictEqual(parseOptions(['--port='], SPEC, { command: 't' }).options, { port: '' });
});

test('help wins wherever it stands, even after a bad option', () => {
  assert.strictEqual(parseOptions(['--port', '1', '-h'], SPEC, { command: 't' }).help, true);
  assert.strictEqual(parseOptions(['--help', '--bogus'], SPEC, { command: 't' }).help, true);
});

test('usage errors name the argument', () => {
  const fails = (argv, message, opts = {}) =>
    assert.throws(() => parseOptions(argv, SPEC, { command: 'serve', ...opts }), (e) => e instanceof UsageError && e.message === message);
  fails(['--bogus'], 'unknown option for serve: --bogus');
  fails(['stray'], 'unknown option for serve: stray');
  fails(['--port'], '--port needs a value');
  fails(['--trace=yes'], '--trace takes no value');
  fails(['-x'], 'unknown option for serve: -x', { positionals: true });
  fails(['--toString'], 'unknown option for serve: --toString');
});
