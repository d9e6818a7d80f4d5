// Differential harness: one action through `serve --engine node` (the reference) and `serve` (auto, compiling early), compared byte for byte.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { SENTINEL, countSentinels, startServer } = require('../runtime/harness');

/** Traced activations before the auto server compiles: small, so that compilation happens during the test. */
const COMPILE_AFTER = 3;
/** How long the compile may take before the test says so (rustc at nice 19 on a busy 2-core machine). */
const COMPILE_TIMEOUT_MS = Number(process.env.DIFF_COMPILE_TIMEOUT_MS || 60_000);
const FINDINGS = process.env.DIFF_FINDINGS || '';

/**
 * The local backend the actions call. Stateless (an answer depends on the request only), so that
 * the node and the auto server, sent the same inputs in turn, get the same answers. Records every
 * request: method, url, headers (in order, see wireHeaders) and body.
 */
async function startBackend() {
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      server.requests.push({ method: req.method, url: req.url, headers: wireHeaders(req.rawHeaders), body });
      route(req, body, res);
    });
  });
  server.requests = [];
  server.keepAliveTimeout = 30_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.base = `http://127.0.0.1:${server.address().port}`;
  return server;
}

/**
 * The request's headers as [name, value] pairs in arrival order, as they came, except one known
 * difference: libcurl always spells the `host` header `Host` (names are case-insensitive in HTTP).
 */
function wireHeaders(raw) {
  const out = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i] === 'Host' ? 'host' : raw[i], raw[i + 1]]);
  return out;
}

const USERS = {
  1: { id: 1, first: 'Ada', last: 'Lovelace', tags: ['math', 'poet'], plan: 'pro' },
  2: { id: 2, first: 'Alan', last: 'Turing', tags: ['logic'], plan: 'free' },
  3: { id: 3, first: 'Grace', last: 'Hopper', tags: [], plan: 'pro' },
  42: { id: 42, first: 'Zoë', last: 'Ünal', tags: ['ünïcode', '✓'], plan: 'team' },
};
const PRICES = { apple: 0.5, pear: 0.75, fig: 2.1, kiwi: 0.3 };

function send(res, status, type, text, extra = {}) {
  res.writeHead(status, { 'Content-Type': type, 'X-Backend': 'diff', ...extra });
  res.end(text);
}

function route(req, body, res) {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  let m;
  if ((m = /^\/users\/([^/]+)$/.exec(p))) {
    const u = USERS[decodeURIComponent(m[1])];
    if (m[1] === 'boom') return send(res, 500, 'text/plain', 'internal failure');
    if (m[1] === 'busy') return send(res, 503, 'application/json', '{"error":"busy","retry":2}', { 'Retry-After': '2' });
    if (!u) return send(res, 404, 'application/json', JSON.stringify({ error: 'no such user' }));
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(u));
  }
  if ((m = /^\/orders\/([^/]+)$/.exec(p))) {
    const id = m[1];
    if (id === 'bad') return send(res, 200, 'application/json', '{"items": [oops');
    if (id === 'fail') return send(res, 502, 'text/html', '<h1>Bad Gateway</h1>');
    const n = Number(id) || 0;
    const skus = Object.keys(PRICES);
    const items = [];
    for (let i = 0; i < n % 5; i++) items.push({ sku: skus[(n + i) % skus.length], qty: i + 1 });
    if (n % 7 === 6) items.push({ sku: 'durian', qty: 1 });
    return send(res, 200, 'application/json', JSON.stringify({ user: id, items }));
  }
  if (p === '/big') {
    const n = Number(url.searchParams.get('n')) || 1000;
    const rows = [];
    for (let i = 0; i < n; i++) rows.push({ i, name: `row-${i}`, v: (i * 37) % 101, ok: i % 3 === 0 });
    return send(res, 200, 'application/json', JSON.stringify({ n, rows }));
  }
  if (p === '/weird') {
    // JSON bodies whose parsing has corners: duplicate keys, __proto__, integer-like keys, huge and
    // negative-zero numbers, lone surrogates, non-object documents.
    const bodies = [
      '{"a":1,"b":2}', '{"a":1,"a":2}', '{"__proto__":{"x":1},"a":1}', '{"n":1e400}', '{"n":-0,"m":-0.0}',
      '{"big":12345678901234567890,"max":9007199254740993}', '{"s":"\\ud800","t":"\\udc00x"}',
      '{"1":"one","0":"zero","b":1,"a":2,"-1":3,"01":4,"4294967295":5,"4294967294":6}',
      '{"nested":{"deep":[1,[2,[3,[4,[5]]]]],"o":{"p":{"q":{"r":{}}}}}}', ' \n {"ws" : true } \t', '{"e":1E5,"f":1.5e-7,"g":0.000001,"h":1e21,"i":123e-20}',
      '[1,2,3]', 'null', '"string"', '{"emoji":"\u00e9\ud83d\ude00","esc":"\\u0041\\n\\"q\\"","ctl":"\\u0001\\u001f"}', '{}',
    ];
    const v = Number(url.searchParams.get('v')) || 0;
    return send(res, 200, 'application/json', bodies[v % bodies.length]);
  }
  if (p === '/prices') return send(res, 200, 'application/json', JSON.stringify(PRICES));
  if (p === '/text') return send(res, 200, 'text/plain; charset=utf-8', `line one\nline two: ${url.searchParams.get('q') || ''}\n`);
  if (p === '/echo') {
    return send(res, req.method === 'POST' ? 201 : 200, 'application/json', JSON.stringify({ method: req.method, type: req.headers['content-type'] || null, got: body }));
  }
  if (p === '/status') {
    const code = Number(url.searchParams.get('code')) || 200;
    return send(res, code, 'text/plain', `status ${code}`);
  }
  if (p === '/flaky') {
    // Fails by request content, not by time or count: the same request always gets the same answer.
    const key = url.searchParams.get('key') || '';
    if (key.length % 3 === 0) return send(res, 500, 'application/json', '{"error":"flaky"}');
    return send(res, 200, 'application/json', JSON.stringify({ key, len: key.length }));
  }
  if (p === '/redirect') {
    const code = Number(url.searchParams.get('code')) || 302;
    // to=other-origin: the same backend under another host name, a different origin for fetch.
    let to = url.searchParams.get('to') || '/echo';
    if (to === 'other-origin') to = `http://localhost:${req.socket.localPort}/echo`;
    res.writeHead(code, { Location: to, 'Content-Type': 'text/plain' });
    return res.end(`redirecting (${code})`);
  }
  if (p === '/hops') {
    // A chain of n redirects (302, relative), then the echo: undici follows 20 and fails on the 21st.
    const n = Number(url.searchParams.get('n')) || 0;
    if (n <= 0) return send(res, 200, 'application/json', JSON.stringify({ method: req.method, hops: 'done' }));
    res.writeHead(302, { Location: `/hops?n=${n - 1}`, 'Content-Type': 'text/plain' });
    return res.end(`hop ${n}`);
  }
  if (p === '/gzip') {
    const zipped = zlib.gzipSync(JSON.stringify({ zipped: true, q: url.searchParams.get('q') }));
    return send(res, 200, 'application/json', zipped, { 'Content-Encoding': 'gzip' });
  }
  if (p === '/bom') return send(res, 200, 'application/json; charset=utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":true}')]));
  if (p === '/badutf8') return send(res, 200, 'text/plain', Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82]));
  if (p === '/multi') {
    res.writeHead(200, 'Totally Fine', [['Content-Type', 'text/plain'], ['X-Multi', 'a'], ['X-Multi', 'b'], ['Set-Cookie', 'k=1'], ['Set-Cookie', 'j=2'], ['X-Latin', 'caf\u00e9']]);
    return res.end('multi');
  }
  if (p === '/empty') {
    res.writeHead(204, { 'X-Backend': 'diff' });
    return res.end();
  }
  if (p === '/drop') {
    // A network failure: the connection closes without an answer.
    req.socket.destroy();
    return undefined;
  }
  return send(res, 404, 'text/plain', 'not found');
}

/** An /run reply, the action's log lines of that activation, and the backend requests it made. */
async function activation(server, backend, value, context = {}) {
  const mark = server.mark();
  const before = { out: countSentinels(server.stdout), err: countSentinels(server.stderr) };
  const from = backend.requests.length;
  const r = await server.run(value, context);
  await server.waitForSentinels(Math.min(before.out, before.err) + 1);
  const logs = server.since(mark);
  return {
    status: r.status,
    type: r.headers['content-type'],
    body: r.text,
    engine: r.headers['x-containerless-engine'],
    stdout: logs.stdout,
    stderr: logs.stderr,
    requests: backend.requests.slice(from),
  };
}

/** Appends a finding (a difference between node and auto) to the findings file, when one is set. */
function record(finding) {
  if (!FINDINGS) return;
  fs.appendFileSync(FINDINGS, `${finding}\n`);
}

/**
 * Stack traces are compared byte for byte, with nothing masked: the traced engine reports the
 * action's original positions (proxy/trace/positions.js), and a fallback's replay adds no frame
 * and answers a recorded network error as undici's own. Kept as a function so that a known
 * difference, if one appears, is masked in one place with its reason.
 */
const normalizeStacks = (text) => text;

/** What is compared: all but which engine answered. */
const comparable = (a) => ({
  status: a.status,
  type: a.type,
  body: normalizeStacks(a.body),
  stdout: normalizeStacks(a.stdout),
  stderr: normalizeStacks(a.stderr),
  requests: a.requests,
});

/**
 * Runs `action` (tests/differential/actions/NAME.js) on both servers.
 * `train`: inputs sent first (the auto server compiles after COMPILE_AFTER of them);
 * `inputs`: [{args, native: true|false|undefined}] sent once the handler is ready; `native: true`
 * means the input stays on traced paths and must be answered natively.
 * Resolves to {diffs, counts}; the caller asserts.
 */
async function differential(t, name, { train, inputs, expectCompile = true, recompile = true, context = null }) {
  const code = fs.readFileSync(path.join(__dirname, 'actions', `${name}.js`), 'utf8');
  const backend = await startBackend();
  const node = await startServer({ engine: 'node' });
  const auto = await startServer({ engine: 'auto', env: { CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  const diffs = [];
  const counts = { native: 0, node: 0, activations: 0 };
  try {
    const ri = await Promise.all([node.init(code), auto.init(code)]);
    assert.equal(ri[0].status, 200, ri[0].text);
    assert.deepEqual([ri[1].status, ri[1].text], [ri[0].status, ri[0].text], 'auto /init');
    const one = async (args, phase, expectNative) => {
      const value = { base: backend.base, ...args };
      // `context`: the /run body's activation fields (namespace, api_host, ...) for these args.
      const ctx = context ? context(args) : {};
      const a = await activation(node, backend, value, ctx);
      const b = await activation(auto, backend, value, ctx);
      counts.activations++;
      counts[b.engine === 'native' ? 'native' : 'node']++;
      const same = JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
      if (!same) {
        diffs.push({ name, phase, args, node: comparable(a), auto: { ...comparable(b), engine: b.engine } });
        record(`\n### ${name} ${JSON.stringify(args)} (${phase}, auto answered by ${b.engine})\n` + `node: ${JSON.stringify(comparable(a))}\nauto: ${JSON.stringify(comparable(b))}`);
      }
      if (expectNative !== undefined && b.engine !== (expectNative ? 'native' : 'node')) {
        diffs.push({ name, phase, args, engine: `expected ${expectNative ? 'native' : 'node'}, answered by ${b.engine}` });
      }
      return b;
    };
    for (const args of train) {
      const b = await one(args, 'train');
      assert.equal(b.engine, 'node', 'a training activation was answered natively before the first compile');
    }
    if (expectCompile) {
      const deadline = Date.now() + COMPILE_TIMEOUT_MS;
      let m;
      for (;;) {
        m = await auto.metrics();
        if (m.containerless_native_ready === 1) break;
        if (m['containerless_compilations_total{result="failed"}'] > 0 || Date.now() > deadline) {
          assert.fail(
            `${name}: the auto server did not turn native ${Date.now() > deadline ? `within ${COMPILE_TIMEOUT_MS} ms` : '(compilation failed)'} after ${train.length} traced activations: ${JSON.stringify(m)}\n--- events ---\n${auto.events.slice(-4000)}`
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const { args, native } of inputs) await one(args, 'after-compile', native);
    // The fallbacks above were traced too, so a recompilation is under way: once it is adopted,
    // the inputs that fell back are sent again, now (partly) served by a handler built from a
    // trace that includes replayed activations.
    // (A demoted action compiles no more: its engine's trace was stopped.)
    const demoted = ((await auto.metrics()).containerless_demotions_total || 0) > 0;
    if (expectCompile && recompile && !demoted) {
      const started = () => (auto.events.match(/ info compiling /g) || []).length;
      const deadline = Date.now() + COMPILE_TIMEOUT_MS;
      let m = await auto.metrics();
      const finished = (x) => (x['containerless_compilations_total{result="ok"}'] || 0) + (x['containerless_compilations_total{result="failed"}'] || 0);
      while (finished(m) < started() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        m = await auto.metrics();
      }
      assert.ok(finished(m) >= started(), `${name}: a recompilation did not finish within ${COMPILE_TIMEOUT_MS} ms\n--- events ---\n${auto.events.slice(-4000)}`);
      const before = counts.native;
      const compiled = started();
      let again = 0;
      for (const { args, native } of inputs) {
        if (native) continue;
        await one(args, 'after-recompile');
        again++;
      }
      counts.recompiled = `${counts.native - before}/${again} native after ${compiled} compilation(s)`;
    }
    const m = await auto.metrics();
    counts.fallbacks = m.containerless_fallbacks_total || 0;
    counts.aborts = Object.entries(m)
      .filter(([k, v]) => k.startsWith('containerless_native_aborts_by_reason_total') && v > 0)
      .map(([k, v]) => `${k.replace(/.*reason="([^"]*)".*/, '$1')}=${v}`)
      .join(' ');
    counts.compilations = m['containerless_compilations_total{result="ok"}'] || 0;
    counts.demotions = m.containerless_demotions_total || 0;
    t.diagnostic(`${name}: ${counts.activations} activations; auto answered native ${counts.native}, node ${counts.node}; fallbacks ${counts.fallbacks}; aborts ${counts.aborts || '-'}; compilations ${counts.compilations}; demotions ${counts.demotions}; rerun of the unmarked inputs: ${counts.recompiled || '-'}`);
    if (process.env.DIFF_VERBOSE) {
      const aborts = auto.events.split('\n').filter((l) => /abort|demot|compil/i.test(l));
      for (const l of aborts) t.diagnostic(`${name} event: ${l.slice(0, 400)}`);
    }
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
  if (process.env.DIFF_DUMP) for (const d of diffs) fs.appendFileSync(process.env.DIFF_DUMP, `${JSON.stringify(d)}\n`);
  return { diffs, counts };
}

/** Formats differences for an assertion message. */
function explain(diffs) {
  return diffs.map((d) => JSON.stringify(d, null, 1)).join('\n');
}

module.exports = { COMPILE_AFTER, SENTINEL, differential, explain, startBackend };

/**
 * Registers one node:test test for an action: the differential run, then no difference in any
 * reply, log or backend request, and every input marked `native: true` answered natively.
 */
function diffTest(name, spec, title = `differential: ${name}`) {
  const { test } = require('node:test');
  test(title, async (t) => {
    const { diffs, counts } = await differential(t, name, spec);
    assert.equal(diffs.length, 0, `${diffs.length} difference(s) between node and auto:\n${explain(diffs)}`);
    // (spec.nativeExpected false: an action the compiler cannot run natively at all, kept for its fallbacks and demotion.)
    // (spec.nativeExpected null: whether any input is native is not asserted, e.g. an action the compiler only partly supports today.)
    if (spec.nativeExpected === null) t.diagnostic(`${name}: native answers not asserted (${counts.native} native)`);
    else if (spec.nativeExpected !== false) assert.ok(counts.native > 0, `${name}: no activation was answered natively`);
    else assert.equal(counts.native, 0, `${name}: expected no native answer`);
  });
}

module.exports.diffTest = diffTest;

const sortedCopy = (xs) => [...xs].sort();
const nonEmptyLines = (text) => text.split('\n').filter((l) => l !== '');

/**
 * One burst of overlapping /run calls on one server (__OW_ALLOW_CONCURRENT=true): the replies in
 * input order with the engine that answered each, and the log lines and backend requests as
 * multisets (sorted), since their order between activations is not defined.
 */
async function burst(server, backend, inputs) {
  const markLogs = server.mark();
  const sentinels = nonEmptyLines(server.stdout).filter((l) => l === SENTINEL).length;
  const from = backend.requests.length;
  const replies = await Promise.all(inputs.map((args) => server.run({ base: backend.base, ...args })));
  await server.waitForSentinels(sentinels + inputs.length);
  const logs = server.since(markLogs);
  return {
    replies: replies.map((r) => `${r.status} ${r.text}`),
    engines: replies.map((r) => r.headers['x-containerless-engine']),
    stdout: sortedCopy(nonEmptyLines(logs.stdout)),
    stderr: sortedCopy(nonEmptyLines(logs.stderr)),
    requests: sortedCopy(backend.requests.slice(from).map((q) => JSON.stringify(q))),
  };
}

module.exports.burst = burst;

/**
 * The concurrent differential (__OW_ALLOW_CONCURRENT=true): `code` on a Node-engine server and on
 * an auto server, both trained in turn on `train` (200 demanded with `trainOk`), then `rounds`
 * bursts of `inputs` on each, compared: replies in input order (stacks included), log lines and
 * backend requests as multisets, and at least `minNative` answers native in every round.
 */
async function concurrentDifferential(t, { label, code, train, inputs, rounds = 1, minNative = 0, trainOk = false }) {
  const env = { __OW_ALLOW_CONCURRENT: 'true' };
  const backend = await startBackend();
  const node = await startServer({ engine: 'node', env });
  const auto = await startServer({ engine: 'auto', env: { ...env, CONTAINERLESS_COMPILE_AFTER: String(COMPILE_AFTER) } });
  try {
    for (const s of [node, auto]) assert.equal((await s.init(code)).status, 200);
    for (const args of train) {
      for (const s of [node, auto]) {
        const r = await s.run({ base: backend.base, ...args });
        if (trainOk) assert.equal(r.status, 200, `training ${JSON.stringify(args)}: ${r.text}`);
      }
    }
    await auto.waitForMetric('containerless_native_ready', 1);
    for (let round = 0; round < rounds; round++) {
      const a = await burst(node, backend, inputs);
      const b = await burst(auto, backend, inputs);
      const native = b.engines.filter((e) => e === 'native').length;
      t.diagnostic(`${label} round ${round}: auto answered ${native} of ${inputs.length} concurrent activations natively`);
      assert.deepEqual(b.replies, a.replies, 'replies');
      assert.deepEqual(b.stdout, a.stdout, 'stdout lines (as a multiset)');
      assert.deepEqual(b.stderr, a.stderr, 'stderr lines (as a multiset)');
      assert.deepEqual(b.requests, a.requests, 'backend requests (as a multiset)');
      assert.ok(native >= minNative, `only ${native} concurrent activations were native`);
    }
  } finally {
    await Promise.all([node.stop(), auto.stop()]);
    backend.closeAllConnections();
    backend.close();
  }
}

module.exports.concurrentDifferential = concurrentDifferential;
