#!/usr/bin/env node
// Quick measurement of the tracing hooks' cost (not a test; the proper benchmark is make bench): µs per activation in-process, and p50 /run latency over HTTP, plain vs traced.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { loadAction } = require('../../proxy/loader');
const { Tracing } = require('../../proxy/trace/tracing');

const ACTIONS = {
  hello: { file: path.join(__dirname, '..', 'actions', 'hello.js'), args: { name: 'Ann', place: 'Oslo' } },
  'json-transform': {
    file: path.join(__dirname, 'actions', 'order-summary.js'),
    args: { lines: [{ sku: 'a', qty: 2, price: 9.99 }, { sku: 'b', qty: 12, price: 1 }, { sku: 'c', qty: 1, price: 100 }] },
  },
};
const N = Number(process.env.N || 20000);
const ROUNDS = Number(process.env.ROUNDS || 7);

/** Silences the action's console output (it would dominate the figures) without replacing console.log. */
function quiet(fn) {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return fn();
  } finally {
    process.stdout.write = write;
  }
}

async function variant(code, mode) {
  if (mode === 'plain') {
    const { main } = await loadAction({ code, main: 'main' }, {});
    return (args) => main(args);
  }
  // 'hooks': the hooks and lists without the addon (merges discarded), to tell the two costs apart.
  const tracing = mode === 'hooks' ? new Tracing({ deferMerges: false, makeRecorder: () => ({ mergeModule() {}, merge() {} }) }) : new Tracing({ deferMerges: false });
  const { main } = await tracing.load({ code, main: 'main' }, (m) => loadAction(m, {}));
  if (tracing.reason) throw new Error(tracing.reason);
  if (mode === 'stopped') tracing.stop();
  // As proxy/service.js does: an activation when tracing (none once stopped), then main.
  return (args) => {
    const a = tracing.activation();
    if (a) a.enter(true); // end() below leaves it: no microtask per activation
    try {
      return main(args);
    } finally {
      if (a) a.end();
    }
  };
}

function time(run, args) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) run(args);
  return Number(process.hrtime.bigint() - t0) / 1000 / N;
}

/** A Node engine on a free port, with or without --trace, initialised with `code`. */
async function startEngine(code, trace) {
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => resolve(p));
    });
  });
  const bin = path.join(__dirname, '..', '..', 'bin', 'containerless');
  const child = spawn(bin, ['serve', '--engine', 'node', '--port', String(port), '--host', '127.0.0.1', ...(trace ? ['--trace'] : [])], { stdio: 'ignore' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (route, body) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: route, agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  for (let i = 0; ; i++) {
    try {
      await post('/init', { value: { code, main: 'main' } });
      break;
    } catch (error) {
      if (i > 200) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return { post, stop: () => child.kill('SIGTERM') };
}

/**
 * p50 of /run latency, µs, for both engines: requests alternate between them (one keep-alive
 * connection each), so that a busy machine slows both alike.
 */
async function p50s(a, b, args, n) {
  const times = [[], []];
  for (let i = 0; i < n; i++) {
    for (const [k, engine] of [a, b].entries()) {
      const t0 = process.hrtime.bigint();
      await engine.post('/run', { value: args });
      times[k].push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  return times.map((t) => t.sort((x, y) => x - y)[Math.floor(n / 2)]);
}

async function httpFigures() {
  const n = Number(process.env.HTTP_N || 5000);
  for (const [name, { file, args }] of Object.entries(ACTIONS)) {
    const code = fs.readFileSync(file, 'utf8');
    const plain = await startEngine(code, false);
    const traced = await startEngine(code, true);
    let a;
    let b;
    try {
      await p50s(plain, traced, args, 500); // warm-up
      [a, b] = await p50s(plain, traced, args, n);
    } finally {
      plain.stop();
      traced.stop();
    }
    process.stdout.write(`${name.padEnd(15)} HTTP /run p50: plain ${a.toFixed(0)} µs, --trace ${b.toFixed(0)} µs (${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)}%), ${n} alternating requests each\n`);
  }
}

async function main() {
  if (process.argv.includes('--http')) {
    await httpFigures();
    return;
  }
  for (const [name, { file, args }] of Object.entries(ACTIONS)) {
    const code = fs.readFileSync(file, 'utf8');
    const runs = { plain: await variant(code, 'plain'), hooks: await variant(code, 'hooks'), traced: await variant(code, 'traced'), stopped: await variant(code, 'stopped') };
    const samples = { plain: [], hooks: [], traced: [], stopped: [] };
    quiet(() => {
      for (const run of Object.values(runs)) for (let i = 0; i < 2000; i++) run(args); // warm-up
      for (let r = 0; r < ROUNDS; r++) for (const [mode, run] of Object.entries(runs)) samples[mode].push(time(run, args));
    });
    // The minimum: on a shared machine the noise only ever adds.
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.min(...v)]));
    const pct = (x) => `${x >= m.plain ? '+' : ''}${(((x - m.plain) / m.plain) * 100).toFixed(0)}%`;
    process.stdout.write(
      `${name.padEnd(15)} plain ${m.plain.toFixed(2)} µs  hooks only ${m.hooks.toFixed(2)} µs (${pct(m.hooks)})  traced ${m.traced.toFixed(2)} µs (${pct(m.traced)})  stopped ${m.stopped.toFixed(2)} µs (${pct(m.stopped)})  per activation, best of ${ROUNDS}×${N}\n`
    );
  }
}

main();
