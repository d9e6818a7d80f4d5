// End-to-end tests of `containerless trace ACTION.js INPUTS.jsonl -o TRACE.json`.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { test } = require('node:test');
const { addonAvailable } = require('./lib');

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'containerless');
const HELLO = path.resolve(__dirname, '..', 'actions', 'hello.js');

function run(args) {
  return new Promise((resolve) => {
    execFile(BIN, ['trace', ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

function tmp(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-trace-cmd-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('writes the trace, prints one result line per input, sends the logs to stderr', { skip: !addonAvailable() && 'the addon is not built' }, async () => {
  const dir = tmp({ 'in.jsonl': '{"name":"Ann"}\n\n{}\n{"place":"Oslo"}\n' });
  const out = path.join(dir, 'trace.json');
  const r = await run([HELLO, path.join(dir, 'in.jsonl'), '-o', out, '--program', path.join(dir, 'program.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l)), [
    { payload: 'Hello, Ann from somewhere!' },
    { payload: 'Hello, stranger from somewhere!' },
    { payload: 'Hello, stranger from Oslo!' },
  ]);
  assert.equal(r.stderr, 'greeting Ann from somewhere\ngreeting stranger from somewhere\ngreeting stranger from Oslo\n');
  const trace = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(trace.version, 1);
  assert.equal(trace.activations, 3);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'program.json'), 'utf8')).version, 1);
});

test('an action error is printed as the engine answers it', { skip: !addonAvailable() && 'the addon is not built' }, async () => {
  const dir = tmp({ 'a.js': 'function main(p) { if (p.bad) throw new Error("bad input"); return { ok: 1 }; }', 'in.jsonl': '{"bad":true}\n{}\n' });
  const r = await run([path.join(dir, 'a.js'), path.join(dir, 'in.jsonl'), '-o', path.join(dir, 't.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l)), [{ error: 'An error has occurred: Error: bad input' }, { ok: 1 }]);
  assert.match(r.stderr, /Error: bad input/);
});

test('a missing action file is a clear error', async () => {
  const dir = tmp({ 'in.jsonl': '{}\n' });
  const r = await run([path.join(dir, 'nope.js'), path.join(dir, 'in.jsonl'), '-o', path.join(dir, 't.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read the action .*nope\.js: no such file/);
});

test('a bad input line is named by its line number', async () => {
  const dir = tmp({ 'in.jsonl': '{}\n{"a":\n' });
  const r = await run([HELLO, path.join(dir, 'in.jsonl'), '-o', path.join(dir, 't.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /in\.jsonl:2: not JSON/);
  const r2 = await run([HELLO, (fs.writeFileSync(path.join(dir, 'arr.jsonl'), '[1]\n'), path.join(dir, 'arr.jsonl')), '-o', path.join(dir, 't.json')]);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /arr\.jsonl:1: expected a JSON object of parameters, got an array/);
});

test('an action that fails to initialise is a clear error', { skip: !addonAvailable() && 'the addon is not built' }, async () => {
  const dir = tmp({ 'a.js': 'throw new Error("boom at load");\nfunction main() {}', 'in.jsonl': '{}\n' });
  const r = await run([path.join(dir, 'a.js'), path.join(dir, 'in.jsonl'), '-o', path.join(dir, 't.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /containerless trace: the action failed to initialise: Initialization has failed due to: Error: boom at load/);
  assert.equal(fs.existsSync(path.join(dir, 't.json')), false);
});

test('usage errors and --help', async () => {
  const r = await run([HELLO]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /expected ACTION\.js and INPUTS\.jsonl/);
  const h = await run(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /^Usage: containerless trace ACTION\.js INPUTS\.jsonl -o TRACE\.json/);
});
