// Protocol section 3 on concurrency: one /run at a time by default, interleaved runs with __OW_ALLOW_CONCURRENT=true.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, test } = require('node:test');
const { SENTINEL, assertSentinelPairs, startWithAction } = require('./harness');

describe('concurrency', { concurrency: true }, () => {
  test('without __OW_ALLOW_CONCURRENT a /run during another gets 403 and never reaches user code', async () => {
    // The action holds its activation until the test creates the release file: no timing assumption.
    const server = await startWithAction(`
      const fs = require('fs');
      function main(args) {
        console.log('started ' + args.id);
        return new Promise((resolve) => {
          const poll = () => (fs.existsSync(args.release) ? resolve({ id: args.id }) : setTimeout(poll, 2));
          poll();
        });
      }`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-proto-release-'));
    const release = path.join(dir, 'release');
    try {
      const first = server.run({ id: 1, release });
      await server.waitForText('stdout', 'started 1');

      const second = await server.run({ id: 2, release });
      assert.equal(second.status, 403);
      assert.deepEqual(second.json, { error: 'System not ready, status is running.' });

      fs.writeFileSync(release, '');
      const r1 = await first;
      assert.equal(r1.status, 200);
      assert.deepEqual(r1.json, { id: 1 });

      // The engine is ready again once the first run is answered.
      const third = await server.run({ id: 3, release });
      assert.equal(third.status, 200);
      assert.deepEqual(third.json, { id: 3 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const logs = await server.stop();
    assert.equal(logs.stdout, `started 1\n${SENTINEL}\nstarted 3\n${SENTINEL}\n`);
    assertSentinelPairs(logs, 2);
  });

  test('with __OW_ALLOW_CONCURRENT=true two slow runs overlap and both succeed', async () => {
    // Each run is slow (at least 200 ms) and waits until the other one has entered main (an
    // in-action counter), so both can only succeed if they are in flight at the same time; a run
    // gives up after 5 s and says so.
    const server = await startWithAction(
      `
      let active = 0;
      let maxActive = 0;
      function main(args) {
        active++;
        maxActive = Math.max(maxActive, active);
        const start = Date.now();
        console.log('start ' + args.id);
        return new Promise((resolve) => {
          const poll = () => {
            if ((maxActive >= 2 && Date.now() - start >= 200) || Date.now() - start > 5000) {
              const end = Date.now();
              active--;
              console.log('end ' + args.id);
              resolve({ id: args.id, sawOther: maxActive >= 2, start, end });
            } else {
              setTimeout(poll, 2);
            }
          };
          poll();
        });
      }`,
      { env: { __OW_ALLOW_CONCURRENT: 'true' } }
    );
    const [a, b] = await Promise.all([server.run({ id: 'a' }), server.run({ id: 'b' })]);
    for (const [r, id] of [
      [a, 'a'],
      [b, 'b'],
    ]) {
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.id, id);
      assert.equal(r.json.sawOther, true, `run ${id} never saw the other one in flight`);
    }
    // The intervals, timed inside the server, overlap: each started before the other ended.
    assert.ok(a.json.start < b.json.end && b.json.start < a.json.end, JSON.stringify([a.json, b.json]));

    await server.waitForSentinels(2);
    const logs = await server.stop();
    assertSentinelPairs(logs, 2);
    // Both runs started before either wrote its sentinel.
    const firstSentinel = logs.stdout.indexOf(SENTINEL);
    assert.ok(logs.stdout.indexOf('start a') < firstSentinel && logs.stdout.indexOf('start b') < firstSentinel, logs.stdout);
  });
});
