#!/usr/bin/env node
// The trace-overhead benchmark's load generator: one keep-alive HTTP/1.1 connection to each server
// (unix sockets: wrk cannot use one), POST /run for SECONDS, one request in flight at a time, the
// servers taking turns request by request (the first of each turn rotates), so that every
// configuration is measured under the same machine load; every reply checked (status 200,
// Content-Length, the expected body byte for byte). Prints one JSON line per socket, in order:
// {requests, duration_us, busy_us, bad, first_bad, latency_us: {p50, p90, p99, mean, max}};
// busy_us is the sum of that server's latencies (its requests back to back would take that long).
// Usage: node load.js SECONDS REQUEST-BODY-FILE EXPECTED-BODY-FILE SOCKET [SOCKET...]
'use strict';
const fs = require('node:fs');
const net = require('node:net');

const [secondsArg, bodyFile, expectedFile, ...socketPaths] = process.argv.slice(2);
const seconds = Number(secondsArg);
if (!(seconds > 0) || socketPaths.length === 0) {
  console.error('usage: node load.js SECONDS REQUEST-BODY-FILE EXPECTED-BODY-FILE SOCKET [SOCKET...]');
  process.exit(2);
}
const body = fs.readFileSync(bodyFile);
const expected = fs.readFileSync(expectedFile);
const request = Buffer.concat([
  Buffer.from(`POST /run HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`),
  body,
]);
const MAX_REQUESTS = 2_000_000; // a bound on the loop whatever the speed

/** One server: its connection, what it answered, and the reply being read. */
const servers = socketPaths.map((socketPath) => ({ socketPath, latencies: [], bad: 0, firstBad: '', buf: Buffer.alloc(0), sock: undefined }));
let started = 0n;
let deadline = 0n;
let turn = 0; // turns started; turn t sends to servers t, t+1, ... (mod n) in that order
let step = 0; // position within the turn
let sentAt = 0n;
let total = 0;
let connected = 0;

function fail(message) {
  console.error(`load.js: ${message}`);
  process.exit(1);
}

function current() {
  return servers[(turn + step) % servers.length];
}

function send() {
  sentAt = process.hrtime.bigint();
  current().sock.write(request);
}

/** The reply to the request in flight is complete: check it, then send the next one or finish. */
function replied(server, head, replyBody, now) {
  server.latencies.push(Number(now - sentAt) / 1000);
  total++;
  if (!head.startsWith('HTTP/1.1 200 ') || !replyBody.equals(expected)) {
    server.bad++;
    if (!server.firstBad) server.firstBad = head.split('\r\n')[0] + ' ' + replyBody.toString('utf8').slice(0, 200);
  }
  if (++step === servers.length) {
    step = 0;
    turn++;
    // A turn is never cut short: every server gets as many requests as the others.
    if (now >= deadline || total >= MAX_REQUESTS) {
      finish(now);
      return;
    }
  }
  send();
}

function finish(now) {
  const durationUs = Math.round(Number(now - started) / 1000);
  for (const s of servers) {
    s.sock.end();
    const sorted = Float64Array.from(s.latencies).sort();
    const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    const mean = s.latencies.reduce((a, b) => a + b, 0) / s.latencies.length;
    process.stdout.write(
      JSON.stringify({
        requests: s.latencies.length,
        duration_us: durationUs,
        busy_us: Math.round(s.latencies.reduce((a, b) => a + b, 0)),
        bad: s.bad,
        first_bad: s.firstBad,
        latency_us: { p50: +pct(50).toFixed(1), p90: +pct(90).toFixed(1), p99: +pct(99).toFixed(1), mean: +mean.toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) },
      }) + '\n'
    );
  }
  deadline = -1n; // closes from now on are ours
}

for (const server of servers) {
  const sock = net.createConnection(server.socketPath);
  server.sock = sock;
  sock.setNoDelay(true);
  sock.on('error', (e) => fail(`${server.socketPath}: ${e.message}`));
  sock.on('close', () => {
    if (deadline !== -1n) fail(`${server.socketPath}: the server closed the connection`);
  });
  sock.on('connect', () => {
    if (++connected < servers.length) return;
    started = process.hrtime.bigint();
    deadline = started + BigInt(Math.round(seconds * 1e9));
    send();
  });
  sock.on('data', (chunk) => {
    server.buf = server.buf.length ? Buffer.concat([server.buf, chunk]) : chunk;
    if (server !== current()) fail(`${server.socketPath}: bytes nobody asked for`);
    const buf = server.buf;
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = buf.subarray(0, end).toString('latin1');
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) fail(`a reply without Content-Length: ${head}`);
    const len = Number(m[1]);
    if (buf.length < end + 4 + len) return;
    const now = process.hrtime.bigint();
    const replyBody = buf.subarray(end + 4, end + 4 + len);
    if (buf.length > end + 4 + len) fail(`${server.socketPath}: bytes after a reply that nobody asked for`);
    server.buf = Buffer.alloc(0);
    replied(server, head, replyBody, now);
  });
}
