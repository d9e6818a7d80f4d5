// Report of the native-fetch benchmark: medians of the wrk rows, the native/Node ratio against its target, raw figures as JSON.
// Usage: node report.js RESULTS.jsonl OUT.json   (one line per wrk run: {row, phase, rep, wrk, server_cpu_s})
'use strict';

const fs = require('node:fs');
const { median } = require('../report-lib');

const TARGET = 3;
const [resultsFile, outFile] = process.argv.slice(2);
const records = fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const measured = records.filter((r) => r.phase === 'measure');
const rows = {};
const connections = [...new Set(measured.map((r) => r.connections))].sort((a, b) => a - b);
for (const row of connections.flatMap((c) => [`native-c${c}`, `node-c${c}`])) {
  const runs = measured.filter((r) => r.row === row);
  rows[row] = {
    runs: runs.length,
    activations_per_s: median(runs.map((r) => (r.wrk.requests / r.wrk.duration_us) * 1e6)),
    p50_ms: median(runs.map((r) => r.wrk.latency_us.p50 / 1000)),
    p99_ms: median(runs.map((r) => r.wrk.latency_us.p99 / 1000)),
    server_cpu_per_activation_us: median(runs.map((r) => (r.server_cpu_s / Math.max(1, r.wrk.requests)) * 1e6)),
  };
}
const ratioAt = (c) => rows[`native-c${c}`].activations_per_s / rows[`node-c${c}`].activations_per_s;
const ratio = rows['native-c32'] ? ratioAt(32) : NaN;
// The throughput of both is bounded by the backend's latency (N activations x 2 sequential 5 ms
// calls: at most N / 10 ms per second), so the server CPU each activation costs is printed beside it.
const cpuRatio = rows['native-c32'] ? rows['node-c32'].server_cpu_per_activation_us / rows['native-c32'].server_cpu_per_activation_us : NaN;
const ceilingAt = (c) => c / ((2 * Number(process.env.BENCH_DELAY_MS || 5)) / 1000);
const ceiling = ceilingAt(32);
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log('row          activations/s   p50 ms   p99 ms   server CPU/activation');
for (const [row, r] of Object.entries(rows)) {
  console.log(`${row.padEnd(12)} ${fmt(r.activations_per_s).padStart(13)} ${fmt(r.p50_ms, 2).padStart(8)} ${fmt(r.p99_ms, 2).padStart(8)} ${fmt(r.server_cpu_per_activation_us).padStart(14)} µs`);
}
console.log(`native / node at 32 concurrent activations: ${fmt(ratio, 2)}x activations/s (target >= ${TARGET}x: ${ratio >= TARGET ? 'met' : 'NOT met'}; the backend's latency caps both at ${fmt(ceiling)}/s)`);
console.log(`server CPU per activation at 32, node / native: ${fmt(cpuRatio, 2)}x`);
for (const c of connections.filter((x) => x !== 32)) {
  console.log(`native / node at ${c} concurrent activations: ${fmt(ratioAt(c), 2)}x activations/s (latency ceiling ${fmt(ceilingAt(c))}/s; for information)`);
}
fs.writeFileSync(
  outFile,
  `${JSON.stringify({ benchmark: 'native-fetch', target_ratio: TARGET, ratio, met: ratio >= TARGET, cpu_ratio: cpuRatio, latency_ceiling_per_s: ceiling, ratios: Object.fromEntries(connections.map((c) => [c, ratioAt(c)])), rows, env: { pinning: process.env.BENCH_PINNING, loadavg: process.env.BENCH_LOADAVG, runs: Number(process.env.BENCH_RUNS), seconds: Number(process.env.BENCH_SECONDS), delay_ms: Number(process.env.BENCH_DELAY_MS) }, raw: records }, null, 1)}\n`
);
