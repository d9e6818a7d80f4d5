// Checks and reports the runs of the native-http benchmark (called by run.sh).
//
//   node report.js check RECORD-JSON                   validates one wrk run; prints a progress line
//   node report.js report RESULTS.jsonl START.json OUT prints the table, writes the raw figures (JSON)
//
// A record is {row, server, connections, phase, rep, seconds, server_cpu_s, sentinels: {stdout,
// stderr}, counter, counter_delta, wrk: {...}} (wrk: what run.lua's done() printed).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, fmtInt, spreadPct, gitState } = require('../report-lib');

const TARGET_SPEEDUP = 5; // (a) native activations/s >= 5x the Node engine's
const TARGET_RSS_MB = 15; // (b) the native-mode tree once the Node engine is stopped
const TARGET_START_MS = 20; // (c) spawn -> first /run reply from the handler cache
const TARGET_FALLBACK_MS = 2; // (d) p50 of a fallback minus p50 of the same request in Node.js
const NOISY_SPREAD_PCT = 10;
const LABEL = {
  'native-c32': 'hello, native (auto), 32 connections',
  'base-c32': 'hello, native, baseline runtime, 32 conn.',
  'node-c32': 'hello, Node engine, 32 connections',
  'native-c1': 'hello, native (auto), 1 connection',
  'node-c1': 'hello, Node engine, 1 connection',
  'native-idle-c1': 'hello, native, engine idle-stop, 1 conn.',
  'fallback-c1': 'fallback (no x), auto, 1 connection',
  'nodefb-c1': 'same request, Node engine, 1 connection',
};

const rpsOf = (w) => w.requests / (w.duration_us / 1e6);
const cpuPerRequestOf = (rec) => (rec.server_cpu_s * 1e6) / rec.wrk.requests;

function problemsOf(rec) {
  const w = rec.wrk;
  const problems = [];
  const errs = Object.entries(w.errors).filter(([, n]) => n > 0);
  if (errs.length > 0) problems.push(`wrk errors: ${errs.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  if (w.non200 > 0) problems.push(`${w.non200} responses were not 200`);
  if (w.bad_body > 0) problems.push(`${w.bad_body} responses had another body`);
  if (w.no_content_length > 0) problems.push(`${w.no_content_length} responses had no Content-Length`);
  if (w.bad_engine > 0) problems.push(`${w.bad_engine} responses had another X-Containerless-Engine`);
  if (w.first_bad) problems.push(`first bad response: ${w.first_bad}`);
  if (w.requests === 0) problems.push('no request completed');
  if (w.responses_checked !== w.requests) problems.push(`wrk counted ${w.requests} requests but run.lua checked ${w.responses_checked}`);
  const hi = w.requests + rec.connections;
  for (const stream of ['stdout', 'stderr']) {
    const n = rec.sentinels[stream];
    if (n < w.requests || n > hi) problems.push(`${n} sentinels on ${stream} for ${w.requests} requests (expected ${w.requests} to ${hi})`);
  }
  if (rec.counter !== '-' && (rec.counter_delta < w.requests || rec.counter_delta > hi)) {
    problems.push(`${rec.counter} grew by ${rec.counter_delta} for ${w.requests} requests (expected ${w.requests} to ${hi})`);
  }
  return problems;
}

function check(text) {
  const rec = JSON.parse(text);
  const what = `${LABEL[rec.row]}, ${rec.phase === 'warmup' ? 'warm-up' : `run ${rec.rep}`}`;
  const problems = problemsOf(rec);
  if (problems.length > 0) {
    process.stderr.write(`native-http: FAILED: ${what}:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }
  console.log(
    `  ${what.padEnd(52)} ${fmtInt(rpsOf(rec.wrk)).padStart(7)} req/s  p50 ${(rec.wrk.latency_us.p50 / 1000).toFixed(3)} ms  ` +
      `cpu ${cpuPerRequestOf(rec).toFixed(1)} µs/req  ${fmtInt(rec.wrk.requests)} checked`
  );
}

function report(resultsFile, startFile, outFile) {
  const records = fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const measured = records.filter((r) => r.phase === 'measure');
  const wrkRows = {};
  // base-c32: BENCH_BASELINE_RUNTIME's rows, when it was given.
  const baseline = measured.some((r) => r.row === 'base-c32');
  for (const row of ['native-c32', 'node-c32', 'native-c1', 'node-c1', 'fallback-c1', 'nodefb-c1', ...(baseline ? ['base-c32'] : [])]) {
    const runs = measured.filter((r) => r.row === row);
    const rps = runs.map((r) => rpsOf(r.wrk));
    const med = median(rps);
    wrkRows[row] = {
      median: {
        rps: med,
        p50_us: median(runs.map((r) => r.wrk.latency_us.p50)),
        p99_us: median(runs.map((r) => r.wrk.latency_us.p99)),
        server_cpu_us_per_request: median(runs.map(cpuPerRequestOf)),
      },
      spread_pct: spreadPct(rps),
      runs: runs.map((r) => ({ rep: r.rep, requests: r.wrk.requests, duration_us: r.wrk.duration_us, rps: rpsOf(r.wrk), latency_us: r.wrk.latency_us, server_cpu_s: r.server_cpu_s, sentinels: r.sentinels, counter: r.counter, counter_delta: r.counter_delta })),
    };
  }
  const paired = (a, b, f) => {
    const ref = new Map(measured.filter((r) => r.row === b).map((r) => [r.rep, r]));
    return measured.filter((r) => r.row === a && ref.has(r.rep)).map((r) => f(r, ref.get(r.rep)));
  };
  const speedup = (c) => paired(`native-c${c}`, `node-c${c}`, (n, o) => rpsOf(n.wrk) / rpsOf(o.wrk));
  const fbExtra = paired('fallback-c1', 'nodefb-c1', (f, o) => (f.wrk.latency_us.p50 - o.wrk.latency_us.p50) / 1000);
  const s32 = median(speedup(32));
  // The runtime under test against the baseline runtime, paired by round: req/s, and CPU per request (baseline / tested).
  const baseRps = baseline ? median(paired('native-c32', 'base-c32', (n, b) => rpsOf(n.wrk) / rpsOf(b.wrk))) : NaN;
  const baseCpu = baseline ? median(paired('native-c32', 'base-c32', (n, b) => cpuPerRequestOf(b) / cpuPerRequestOf(n))) : NaN;
  const s1 = median(speedup(1));
  // What the speed-up would be if both servers were bound by their own CPU cost (wrk's core may cap the native row).
  const cpuRatio32 = median(measured.filter((r) => r.row === 'node-c32').map(cpuPerRequestOf)) / median(measured.filter((r) => r.row === 'native-c32').map(cpuPerRequestOf));
  const extraMs = median(fbExtra);
  const rssNat = JSON.parse(process.env.BENCH_RSS_NATIVE);
  const rssIdle = JSON.parse(process.env.BENCH_RSS_IDLE);
  const mb = (kb) => kb / 1024;
  // Everything `serve` keeps resident: a wrapper (if any), the runtime, its Node engine child(ren).
  const treeKb = (r) => r.wrapper_kb + r.runtime_kb + r.engine_kb;
  const starts = JSON.parse(fs.readFileSync(startFile, 'utf8')).runs;
  const startMed = (launcher, key) => median(starts.filter((s) => s.launcher === launcher).map((s) => s[key]));
  const startRange = (launcher) => {
    const v = starts.filter((s) => s.launcher === launcher).map((s) => s.first_run_ms);
    return `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
  };

  const w = (row) => wrkRows[row];
  const rowOf = (row) => [
    LABEL[row],
    fmtInt(w(row).median.rps),
    `±${w(row).spread_pct.toFixed(1)}%`,
    (w(row).median.p50_us / 1000).toFixed(3),
    (w(row).median.p99_us / 1000).toFixed(3),
    w(row).median.server_cpu_us_per_request.toFixed(1),
  ];
  const verdict = (ok) => (ok ? 'PASS' : 'BELOW TARGET');
  const table = [
    ['(a) ' + LABEL['native-c32'], ...rowOf('native-c32').slice(1), `${s32.toFixed(2)}x`, '>= 5x', verdict(s32 >= TARGET_SPEEDUP)],
    ['    ' + LABEL['node-c32'], ...rowOf('node-c32').slice(1), '', '', ''],
    ['    cpu per request, Node engine / native, 32 conn.', '', '', '', '', '', `${cpuRatio32.toFixed(2)}x`, '(info)', ''],
    ...(baseline
      ? [
          ['    ' + LABEL['base-c32'], ...rowOf('base-c32').slice(1), '', '', ''],
          ['    native / baseline: req/s; cpu per request', '', '', '', '', '', `${baseRps.toFixed(2)}x; ${baseCpu.toFixed(2)}x`, '(info)', ''],
        ]
      : []),
    ['    ' + LABEL['native-c1'], ...rowOf('native-c1').slice(1), `${s1.toFixed(2)}x`, '(info)', ''],
    ['    ' + LABEL['node-c1'], ...rowOf('node-c1').slice(1), '', '', ''],
    ['(b) RSS, all of serve, Node engine running', '', '', '', '', '', `${mb(treeKb(rssNat)).toFixed(1)} MB`, '(info)', ''],
    ['    RSS, runtime alone (engine running)', '', '', '', '', '', `${mb(rssNat.runtime_kb).toFixed(1)} MB`, '(info)', ''],
    [`    RSS, all of serve, engine idle-stopped (${process.env.BENCH_IDLE_MS} ms)`, '', '', '', '', '', `${mb(treeKb(rssIdle)).toFixed(1)} MB`, '< 15 MB', verdict(mb(treeKb(rssIdle)) < TARGET_RSS_MB)],
    ['    RSS, a wrapper process around the runtime', '', '', '', '', '', rssNat.wrapper_kb ? `${mb(rssNat.wrapper_kb).toFixed(1)} MB` : 'none', '(info)', ''],
    ['(c) cache start, runtime executable', '', '', '', '', '', `${startMed('runtime', 'first_run_ms').toFixed(1)} ms`, '< 20 ms', verdict(startMed('runtime', 'first_run_ms') < TARGET_START_MS)],
    ['    cache start, bin/containerless serve', '', '', '', '', '', `${startMed('serve', 'first_run_ms').toFixed(1)} ms`, '< 20 ms', verdict(startMed('serve', 'first_run_ms') < TARGET_START_MS)],
    ['    cache start, node bin/containerless serve', '', '', '', '', '', `${startMed('node-wrapper', 'first_run_ms').toFixed(1)} ms`, '(info)', ''],
    ['(d) ' + LABEL['fallback-c1'], ...rowOf('fallback-c1').slice(1), `${extraMs >= 0 ? '+' : ''}${extraMs.toFixed(3)} ms`, '< +2 ms', verdict(extraMs < TARGET_FALLBACK_MS)],
    ['    ' + LABEL['nodefb-c1'], ...rowOf('nodefb-c1').slice(1), '', '', ''],
    ['(e) fetch', '', '', '', '', '', 'measured by the native-fetch benchmark', '', ''],
  ];
  const header = ['row', 'req/s', 'spread', 'p50 ms', 'p99 ms', 'cpu µs/req', 'figure', 'target', 'result'];
  const align = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.filter((t) => !t[0].startsWith('(e)')).map((t) => t[i].length)));
  const line = (cells) => cells.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((x) => '-'.repeat(x))));
  for (const t of table) console.log(t[0].startsWith('(e)') ? `${t[0].padEnd(widths[0])}  ${t[6]}` : line(t));
  console.log(
    `figures: (a) native/Node req/s, median of paired runs; (b) VmRSS after the load; (c) spawn to the first /run reply, median of ` +
      `${starts.length / 3} (runtime ${startRange('runtime')} ms, serve ${startRange('serve')} ms, node wrapper ${startRange('node-wrapper')} ms; listening after ` +
      `${startMed('runtime', 'listen_ms').toFixed(1)} / ${startMed('serve', 'listen_ms').toFixed(1)} / ${startMed('node-wrapper', 'listen_ms').toFixed(1)} ms); ` +
      `(d) fallback p50 minus Node p50, median of paired runs`
  );
  const busy = (wrkRows['native-c32'].median.rps * wrkRows['native-c32'].median.server_cpu_us_per_request) / 1e6;
  const loadBusy = median(measured.filter((r) => r.row === 'native-c32' && r.load_core_busy !== null && r.load_core_busy !== undefined).map((r) => r.load_core_busy));
  console.log(
    `cores at 32 connections, native row: the server used ${(busy * 100).toFixed(0)}% of its core, the load generator's core was ` +
      `${Number.isNaN(loadBusy) ? 'not measured' : `${(loadBusy * 100).toFixed(0)}% busy`} (wrk, one thread checking every reply in Lua)`
  );
  if (busy < 0.9) {
    console.log(
      `note: the native server did not saturate its core: the load generator or other work on the machine limited the native row, ` +
        `so the req/s ratio understates the native path; the cpu per request ratio is the server-bound estimate`
    );
  }
  const noisy = Object.entries(wrkRows).filter(([, r]) => r.spread_pct > NOISY_SPREAD_PCT);
  if (noisy.length) console.log(`warning: req/s spread above ±${NOISY_SPREAD_PCT}% in ${noisy.length} rows: the machine was busy; read the ratios, rerun to confirm`);

  const doc = {
    benchmark: 'native-http',
    date: new Date().toISOString(),
    git: gitState(),
    machine: { cores: os.cpus().length, node: process.version, wrk: process.env.BENCH_WRK_VERSION, pinning: process.env.BENCH_PINNING, loadavg_at_start: process.env.BENCH_LOADAVG },
    settings: {
      runs: Number(process.env.BENCH_RUNS),
      seconds: Number(process.env.BENCH_SECONDS),
      warmup_seconds: Number(process.env.BENCH_WARMUP),
      engine_idle_ms: Number(process.env.BENCH_IDLE_MS),
      targets: { speedup_min: TARGET_SPEEDUP, rss_mb_max: TARGET_RSS_MB, cache_start_ms_max: TARGET_START_MS, fallback_extra_ms_max: TARGET_FALLBACK_MS },
    },
    hello_keepalive: {
      rows: { 'native-c32': wrkRows['native-c32'], 'node-c32': wrkRows['node-c32'], 'native-c1': wrkRows['native-c1'], 'node-c1': wrkRows['node-c1'] },
      speedup_c32: { paired_median: s32, paired: speedup(32), verdict: verdict(s32 >= TARGET_SPEEDUP) },
      speedup_c1: { paired_median: s1, paired: speedup(1) },
      cpu_per_request_ratio_c32: cpuRatio32,
      baseline: baseline
        ? { runtime: process.env.BENCH_BASELINE_RUNTIME, row: wrkRows['base-c32'], rps_ratio_paired_median: baseRps, cpu_per_request_ratio_paired_median: baseCpu }
        : null,
      native_server_core_busy_c32: busy,
      load_core_busy_c32: Number.isNaN(loadBusy) ? null : loadBusy,
    },
    rss: {
      native_engine_running_kb: rssNat,
      native_engine_idle_stopped_kb: rssIdle,
      verdict: verdict(mb(treeKb(rssIdle)) < TARGET_RSS_MB),
    },
    cache_start: {
      runs: starts,
      median_first_run_ms: { runtime: startMed('runtime', 'first_run_ms'), serve: startMed('serve', 'first_run_ms'), node_wrapper: startMed('node-wrapper', 'first_run_ms') },
      median_listen_ms: { runtime: startMed('runtime', 'listen_ms'), serve: startMed('serve', 'listen_ms'), node_wrapper: startMed('node-wrapper', 'listen_ms') },
      verdict: { runtime: verdict(startMed('runtime', 'first_run_ms') < TARGET_START_MS), serve: verdict(startMed('serve', 'first_run_ms') < TARGET_START_MS) },
    },
    fallback: {
      rows: { 'fallback-c1': wrkRows['fallback-c1'], 'nodefb-c1': wrkRows['nodefb-c1'] },
      extra_p50_ms: { paired_median: extraMs, paired: fbExtra },
      verdict: verdict(extraMs < TARGET_FALLBACK_MS),
    },
    fetch: 'measured by the native-fetch benchmark (tests/bench/native-fetch)',
    warmup: records.filter((r) => r.phase === 'warmup'),
  };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(doc, null, 2) + '\n');
}

const [cmd, a, b, c] = process.argv.slice(2);
if (cmd === 'check') check(a);
else if (cmd === 'report') report(a, b, c);
else {
  console.error('usage: node report.js check RECORD | report RESULTS START OUT');
  process.exit(2);
}
