// containerless-run-handler: the version-2 step loop, and --fetch-responses answering a handler's fetch host calls without a network.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const { ROOT, COMPILER, RUNNER, skip } = require('./built');
const TRACE = path.join(ROOT, 'compiler', 'testdata', 'e2e', 'fetch.trace.json');

test('run-handler answers fetch host calls from --fetch-responses, in order', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-run-handler-'));
  try {
    const so = path.join(dir, 'fetch.so');
    execFileSync(COMPILER, [TRACE, '-o', so, '--runtime-dir', path.join(ROOT, 'compiler', 'runtime')]);
    const body = (s) => Buffer.from(s).toString('base64');
    const responses = [
      { status: 200, statusText: 'OK', url: 'http://h:1/a', headers: [['content-type', 'application/json']], body_b64: body('{"n":1}') },
      { status: 500, statusText: 'Internal Server Error', url: 'http://h:1/b', headers: [], body_b64: body('\u{FEFF}{"n":"x"}') },
      { error: 'connect ECONNREFUSED 127.0.0.1:1' },
    ];
    const file = path.join(dir, 'responses.jsonl');
    fs.writeFileSync(file, responses.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const inputs = ['a', 'b', 'c', 'd'].map((p) => JSON.stringify({ url: `http://h:1/${p}` })).join('\n') + '\n';
    const run = spawnSync(RUNNER, [so, '--fetch-responses', file], { input: inputs, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    const call = (p) => ({ op: 'fetch', url: `http://h:1/${p}`, method: 'GET', headers: [], body: null });
    // What Node.js gives for these responses: {n: j.n + 1, ok: r.ok}, after logging the status.
    assert.deepEqual(lines[0], { status: 'answered', http_status: 200, body: '{"n":2,"ok":true}', logs: [['stdout', '200']], calls: [call('a')] });
    assert.deepEqual(lines[1], { status: 'answered', http_status: 200, body: '{"n":"x1","ok":false}', logs: [['stdout', '500']], calls: [call('b')] });
    // A network error: Node's fetch rejects; the handler aborts `throw` with the effect recorded.
    assert.equal(lines[2].status, 'aborted');
    assert.equal(lines[2].abort.reason, 'throw');
    assert.deepEqual(lines[2].abort.effects, [{ fetch: call('c'), response: responses[2] }]);
    // FILE is used up: the next call gets the runner's own network error.
    assert.equal(lines[3].abort.reason, 'throw');
    assert.match(lines[3].abort.effects[0].response.error, /no scripted response/);
    // Without --fetch-responses nothing reaches the network either.
    const bare = spawnSync(RUNNER, [so], { input: inputs.split('\n')[0] + '\n', encoding: 'utf8' });
    assert.equal(JSON.parse(bare.stdout).abort.reason, 'throw');
    assert.match(spawnSync(RUNNER, ['--help'], { encoding: 'utf8' }).stdout, /--fetch-responses FILE/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
