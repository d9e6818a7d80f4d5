// End-to-end: containerless-actionloop speaks the ActionLoop protocol (stdin lines in, fd 3 lines out) around a handler.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { test } = require('node:test');
const { RUNTIME, buildHandler } = require('./harness');

const LAUNCHER = path.join(path.dirname(RUNTIME), 'containerless-actionloop');

/** Starts the launcher; returns helpers to send lines and read fd-3 lines, stdout and stderr. */
function launch(handler, env = {}) {
  const child = spawn(LAUNCHER, [handler], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const out = { stdout: '', stderr: '', fd3: '' };
  const waiters = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (c) => ((out.stdout += c), wake()));
  child.stderr.on('data', (c) => ((out.stderr += c), wake()));
  child.stdio[3].on('data', (c) => ((out.fd3 += c), wake()));
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  const lines = async (n) => {
    const deadline = Date.now() + 10_000;
    while (out.fd3.split('\n').length - 1 < n) {
      if (Date.now() > deadline) throw new Error(`no ${n} result lines: ${JSON.stringify(out)}`);
      await new Promise((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return out.fd3.split('\n').slice(0, n).map((l) => JSON.parse(l));
  };
  return { child, out, exited, lines, send: (obj) => child.stdin.write(`${JSON.stringify(obj)}\n`) };
}

test('the launcher acks, answers each line on fd 3 and writes the log lines without sentinels', async () => {
  const l = launch(buildHandler('answer'), { OW_WAIT_FOR_ACK: '1' });
  assert.deepEqual(await l.lines(1), [{ ok: true }]);
  l.send({ value: { name: 'ada' }, activation_id: 'x1' });
  l.send({ value: { name: 'bob', abort: true } });
  l.child.stdin.write('not json\n');
  l.send({ value: 'str' });
  const results = await l.lines(5);
  assert.deepEqual(results[1], { greeting: 'Hello ada' });
  assert.match(results[2].error, /cannot run this activation: .*untraced/);
  assert.match(results[3].error, /not a JSON object/);
  assert.match(results[4].error, /must be a dictionary but has type 'string'/);
  l.child.stdin.end();
  assert.equal(await l.exited, 0);
  assert.equal(l.out.stdout, 'hello ada\n');
  assert.equal(l.out.stderr, 'to stderr\n');
});

test('without OW_WAIT_FOR_ACK there is no ack; a broken handler fails at start', async () => {
  const l = launch(buildHandler('answer'), { OW_WAIT_FOR_ACK: '' });
  l.send({ value: { name: 'c' } });
  assert.deepEqual(await l.lines(1), [{ greeting: 'Hello c' }]);
  l.child.stdin.end();
  assert.equal(await l.exited, 0);

  const broken = launch(buildHandler('wrong_version'));
  assert.equal(await broken.exited, 1);
  assert.match(broken.out.stderr, /ABI version 3; this runtime speaks version 2/);
  assert.equal(broken.out.fd3, '');
});

test('the launcher performs a handler\'s fetches (one activation at a time, blocking)', async () => {
  const http = require('node:http');
  let count = 0;
  const backend = http.createServer((req, res) => {
    count++;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`seen ${count} ${req.headers['x-test']}`);
  });
  await new Promise((r) => backend.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${backend.address().port}/a`;
    const l = launch(buildHandler('answer'), { OW_WAIT_FOR_ACK: '' });
    l.send({ value: { name: 'f', url, fetches: 2 } });
    const [result] = await l.lines(1);
    assert.equal(result.greeting, 'Hello f');
    assert.deepEqual(
      result.fetched.map((f) => [f.status, f.url, Buffer.from(f.body_b64, 'base64').toString()]),
      [
        [200, url, 'seen 1 1'],
        [200, url, 'seen 2 1'],
      ]
    );
    l.child.stdin.end();
    assert.equal(await l.exited, 0);
  } finally {
    backend.close();
  }
});

test('a handler that overflows its stack is named on stderr before the launcher ends with SIGSEGV', async () => {
  const l = launch(buildHandler('answer'), { OW_WAIT_FOR_ACK: '' });
  l.send({ value: { name: 'a' } });
  assert.deepEqual(await l.lines(1), [{ greeting: 'Hello a' }]);
  l.send({ value: { name: 'b', crash: 'stack' } });
  const signal = await new Promise((resolve) => l.child.on('exit', (code, sig) => resolve(sig)));
  await l.exited;
  assert.equal(signal, 'SIGSEGV');
  assert.match(l.out.stderr, /error native handler crashed: SIGSEGV \(a stack overflow or an invalid memory access\) in .*handler-answer-[0-9a-f]+\.so; the runtime stops\n$/);
});
