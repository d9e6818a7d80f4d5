// End-to-end: the header lines of native replies against the Node engine's (Date as Node.js writes it).
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { ECHO_ACTION, buildHandler, rawExchange, startServer } = require('./harness');

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** Checks that `date` is an IMF-fixdate within a few seconds of now. */
function assertRecentDate(date, what) {
  assert.match(String(date), IMF_FIXDATE, `${what}: Date ${date}`);
  assert.ok(Math.abs(Date.parse(date) - Date.now()) < 5000, `${what}: Date ${date} is not now`);
}

// Node's http server sends Date with every reply (OpenWhisk's stock runtime is one); native replies
// used to have none (differential hunt H13, "seen but not filed").
test('native replies carry a Date header as the Node engine\'s do', async () => {
  const node = await startServer({ engine: 'node' });
  const native = await startServer({ engine: 'native', args: ['--handler', buildHandler('answer')] });
  try {
    for (const s of [node, native]) assert.equal((await s.init(ECHO_ACTION)).status, 200);
    const [a, b] = [await node.run({ name: 'ada' }), await native.run({ name: 'ada' })];
    assert.equal(b.headers['x-containerless-engine'], 'native');
    assert.deepEqual([b.status, b.headers['content-type'], b.text], [a.status, a.headers['content-type'], a.text]);
    assertRecentDate(a.headers.date, 'node');
    assertRecentDate(b.headers.date, 'native');
    // The runtime's own answers (a refusal, /metrics) too.
    const refused = await native.init(ECHO_ACTION);
    assert.equal(refused.status, 403);
    assertRecentDate(refused.headers.date, 'native 403');
    assertRecentDate((await native.request('GET', '/metrics')).headers.date, '/metrics');
  } finally {
    await Promise.all([node.stop(), native.stop()]);
  }
});

// A reply forwarded from the Node engine keeps Node's own Date: one line, not two.
test('replies forwarded from the Node engine have one Date header', async () => {
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: '0' } });
  try {
    assert.equal((await auto.init(ECHO_ACTION)).status, 200);
    const body = JSON.stringify({ value: { name: 'ada' } });
    const { text } = await rawExchange(auto.port, [
      `POST /run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ]);
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    assert.match(head, /\r\nX-Containerless-Engine: node(\r\n|$)/i, head);
    assert.equal((head.match(/\r\ndate:/gi) || []).length, 1, head);
    assertRecentDate(/\r\ndate: ([^\r]*)/i.exec(head)[1], 'forwarded');
  } finally {
    await auto.stop();
  }
});
