#!/usr/bin/env node
// The trace-overhead benchmark's load generator: one keep-alive HTTP/1.1 connection to a server on a
// unix socket (wrk cannot use one), POST /run back to back for SECONDS, every reply checked
// (status 200, Content-Length, the expected body byte for byte). Prints one JSON line:
// {requests, duration_us, bad, first_bad, latency_us: {p50, p90, p99, mean, max}}.
// Usage: node load.js SOCKET SECONDS REQUEST-BODY-FILE EXPECTED-BODY-FILE
'use strict';
const fs = require('node:fs');
const net = require('node:net');

const [socketPath, secondsArg, bodyFile, expectedFile] = process.argv.slice(2);
const seconds = Number(secondsArg);
const body = fs.readFileSync(bodyFile);
const expected = fs.readFileSync(expectedFile);
const request = Buffer.concat([
  Buffer.from(`POST /run HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`),
  body,
]);
const MAX_REQUESTS = 2_000_000; // a bound on the loop whatever the speed

const latencies = [];
let bad = 0;
let firstBad = '';
let buf = Buffer.alloc(0);
let sentAt = 0n;
let started = 0n;
let deadline = 0n;

const sock = net.createConnection(socketPath);
sock.setNoDelay(true);
sock.on('error', (e) => {
  console.error(`load.js: ${e.message}`);
  process.exit(1);
});
sock.on('close', () => {
  if (deadline === 0n || process.hrtime.bigint() < deadline) {
    console.error('load.js: the server closed the connection');
    process.exit(1);
  }
});
function send() {
  sentAt = process.hrtime.bigint();
  sock.write(request);
}
sock.on('connect', () => {
  started = process.hrtime.bigint();
  deadline = started + BigInt(Math.round(seconds * 1e9));
  send();
});
sock.on('data', (chunk) => {
  buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return;
  const head = buf.subarray(0, end).toString('latin1');
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!m) {
    console.error(`load.js: a reply without Content-Length: ${head}`);
    process.exit(1);
  }
  const len = Number(m[1]);
  if (buf.length < end + 4 + len) return;
  const now = process.hrtime.bigint();
  latencies.push(Number(now - sentAt) / 1000);
  const replyBody = buf.subarray(end + 4, end + 4 + len);
  if (!head.startsWith('HTTP/1.1 200 ') || !replyBody.equals(expected)) {
    bad++;
    if (!firstBad) firstBad = head.split('\r\n')[0] + ' ' + replyBody.toString('utf8').slice(0, 200);
  }
  buf = buf.subarray(end + 4 + len);
  if (buf.length) {
    console.error('load.js: bytes after a reply that nobody asked for');
    process.exit(1);
  }
  if (now < deadline && latencies.length < MAX_REQUESTS) {
    send();
    return;
  }
  const durationUs = Number(now - started) / 1000;
  sock.end();
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      duration_us: Math.round(durationUs),
      bad,
      first_bad: firstBad,
      latency_us: { p50: +pct(50).toFixed(1), p90: +pct(90).toFixed(1), p99: +pct(99).toFixed(1), mean: +mean.toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) },
    }) + '\n'
  );
});
