// Checks and reports the wrk runs of the engine-http benchmark (called by run.sh).
//
//   node report.js check RECORD-JSON        validates one run; prints a progress line; exit 1 on any error
//   node report.js report RESULTS.jsonl OUT  prints the table and writes the raw figures to OUT (JSON)
//
// A record is {server, connections, phase, rep, seconds, log_lines: {stdout, stderr}, wrk: {...}},
// where wrk is what run.lua's done() printed.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, fmtInt, spreadPct, gitState } = require('../report-lib');

const fmtMs = (us) => (us / 1000).toFixed(3);
const rpsOf = (w) => w.requests / (w.duration_us / 1e6);
/** CPU time the server process used per request wrk counted (user + system, all threads), µs. */
const cpuPerRequestOf = (rec) => (rec.server_cpu_s * 1e6) / rec.wrk.requests;
const isEngine = (server) => server.startsWith('engine');
/** Above this spread of a row's req/s (half the range, % of the median) the table says the machine was busy. */
const NOISY_SPREAD_PCT = 10;
/** Above this gap between engine/floor and the CPU estimate at 32 connections, the table says so. */
const CPU_ESTIMATE_GAP = 0.1;

/** Returns the list of problems with one run; empty when it is a clean measurement. */
function problemsOf(rec) {
  const w = rec.wrk;
  const problems = [];
  const errs = Object.entries(w.errors).filter(([, n]) => n > 0);
  if (errs.length > 0) problems.push(`wrk errors: ${errs.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  if (w.non200 > 0) problems.push(`${w.non200} responses were not 200`);
  if (w.bad_body > 0) problems.push(`${w.bad_body} responses had a body other than the hello action's`);
  if (w.no_content_length > 0) problems.push(`${w.no_content_length} responses had no Content-Length`);
  if (w.first_bad) problems.push(`first bad response: ${w.first_bad}`);
  if (w.requests === 0) problems.push('no request completed');
  if (w.responses_checked !== w.requests) {
    problems.push(`wrk counted ${w.requests} requests but run.lua checked ${w.responses_checked} responses`);
  }
  const { stdout, stderr } = rec.log_lines;
  if (isEngine(rec.server)) {
    // One sentinel per activation on each stream. wrk stops with up to one request per connection
    // in flight: the engine answered those (and wrote their sentinels) but wrk did not count them.
    const hi = w.requests + rec.connections;
    for (const [stream, n] of [['stdout', stdout], ['stderr', stderr]]) {
      if (n < w.requests || n > hi) {
        problems.push(`${n} sentinels on ${stream} for ${w.requests} requests (expected ${w.requests} to ${hi})`);
      }
    }
  } else if (stdout !== 0 || stderr !== 0) {
    problems.push(`the floor printed ${stdout} lines on stdout and ${stderr} on stderr`);
  }
  return problems;
}

function label(server, connections) {
  const who = isEngine(server) ? 'engine' : 'floor';
  const conns = connections === 1 ? '1 connection' : `${connections} connections`;
  const mode = server === 'engine-parallel' ? ' (concurrent)' : '';
  return `${who}, ${conns}${mode}`;
}

function check(recordText) {
  const rec = JSON.parse(recordText);
  const w = rec.wrk;
  const what = `${label(rec.server, rec.connections)}, ${rec.phase === 'warmup' ? 'warm-up' : `run ${rec.rep}`}`;
  const problems = problemsOf(rec);
  if (problems.length > 0) {
    process.stderr.write(`engine-http: FAILED: ${what}:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }
  const sentinels = isEngine(rec.server) ? `, ${fmtInt(rec.log_lines.stdout)} sentinel pairs` : '';
  console.log(
    `  ${what.padEnd(44)} ${fmtInt(rpsOf(w)).padStart(7)} req/s  p50 ${fmtMs(w.latency_us.p50)} ms` +
      `  p99 ${fmtMs(w.latency_us.p99)} ms  cpu ${cpuPerRequestOf(rec).toFixed(1)} µs/req  ${fmtInt(w.requests)} x 200${sentinels}`
  );
}

function report(resultsPath, outPath) {
  const records = fs
    .readFileSync(resultsPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const target = Number(process.env.BENCH_TARGET || 0.6);
  const measured = records.filter((r) => r.phase === 'measure');
  const connCounts = [...new Set(measured.map((r) => r.connections))];
  const rows = [];
  for (const connections of connCounts) {
    const ofServer = (pred) => measured.filter((r) => r.connections === connections && pred(r.server));
    const floorRuns = ofServer((s) => !isEngine(s));
    const engineRuns = ofServer(isEngine);
    for (const runsOfRow of [floorRuns, engineRuns]) {
      const server = runsOfRow[0].server;
      const runs = runsOfRow.map((r) => ({
        rep: r.rep,
        requests: r.wrk.requests,
        seconds: r.wrk.duration_us / 1e6,
        rps: rpsOf(r.wrk),
        latency_us: r.wrk.latency_us,
        server_cpu_s: r.server_cpu_s,
        server_cpu_us_per_request: cpuPerRequestOf(r),
        sentinels: isEngine(server) ? r.log_lines : undefined,
      }));
      const rpsList = runs.map((r) => r.rps);
      const row = {
        config: `${isEngine(server) ? 'engine' : 'floor'}-c${connections}`,
        label: label(server, connections),
        server,
        connections,
        concurrent: server === 'engine-parallel',
        median: {
          rps: median(rpsList),
          p50_us: median(runs.map((r) => r.latency_us.p50)),
          p99_us: median(runs.map((r) => r.latency_us.p99)),
          server_cpu_us_per_request: median(runs.map((r) => r.server_cpu_us_per_request)),
        },
        spread_pct: spreadPct(rpsList),
        runs,
      };
      if (isEngine(server)) {
        // Each engine run is paired with the floor run of the same round (adjacent in time): the
        // median of those ratios is robust to the machine getting slower or faster during the run.
        const floorByRep = new Map(floorRuns.map((r) => [r.rep, rpsOf(r.wrk)]));
        const paired = runs.map((r) => r.rps / floorByRep.get(r.rep));
        const floorRow = rows[rows.length - 1];
        row.ratio = {
          paired_median: median(paired),
          paired,
          of_medians: row.median.rps / floorRow.median.rps,
          p50: row.median.p50_us / floorRow.median.p50_us,
          p99: row.median.p99_us / floorRow.median.p99_us,
          server_cpu_per_request: row.median.server_cpu_us_per_request / floorRow.median.server_cpu_us_per_request,
          // What engine/floor would be if both servers were bound by their own CPU cost per
          // request (as at 32 connections on a quiet machine): floor cpu/req over engine cpu/req.
          cpu_estimate: floorRow.median.server_cpu_us_per_request / row.median.server_cpu_us_per_request,
        };
        row.target = target;
        row.verdict = row.ratio.paired_median >= target ? 'PASS' : 'BELOW TARGET';
      }
      rows.push(row);
    }
  }

  const header = ['configuration', 'req/s', 'spread', 'p50 ms', 'p99 ms', 'cpu µs/req', 'cpu est.', 'engine/floor', 'target', 'result'];
  const table = rows.map((r) => [
    r.label,
    fmtInt(r.median.rps),
    `±${r.spread_pct.toFixed(1)}%`,
    fmtMs(r.median.p50_us),
    fmtMs(r.median.p99_us),
    r.median.server_cpu_us_per_request.toFixed(1),
    r.ratio ? r.ratio.cpu_estimate.toFixed(2) : '',
    r.ratio ? r.ratio.paired_median.toFixed(2) : '',
    r.ratio ? `>= ${target.toFixed(2)}` : '',
    r.verdict || '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of table) console.log(line(row));
  console.log('');
  const legend = [
    `req/s, p50, p99, cpu µs/req: medians of ${process.env.BENCH_RUNS} runs of ${process.env.BENCH_SECONDS} s.` +
      ' spread: half the range of the req/s, in % of the median.',
    'cpu µs/req: CPU time of the server process per request. cpu est.: floor cpu/req over engine cpu/req,',
    '  what engine/floor would be if both servers were CPU-bound.',
    'engine/floor: median of the req/s ratios of runs taken back to back; the target applies to it.',
    'Reference: the stock Express-based runtime reaches about 0.40 of the floor at 1 connection, 0.15 at 32.',
  ];
  for (const l of legend) console.log(l);
  // At 32 connections both servers should be CPU-bound, so engine/floor and the CPU estimate
  // should agree; a gap means that other work decided the pace of one or both.
  for (const r of rows.filter((x) => x.ratio && x.connections > 1)) {
    if (Math.abs(r.ratio.paired_median - r.ratio.cpu_estimate) > CPU_ESTIMATE_GAP) {
      console.log(
        `note: ${r.label}: engine/floor ${r.ratio.paired_median.toFixed(2)} but cpu est. ${r.ratio.cpu_estimate.toFixed(2)}:` +
          '\n  other work on the machine set the pace more than the servers did; engine/floor is less reliable.'
      );
    }
  }
  const noisy = rows.filter((r) => r.spread_pct > NOISY_SPREAD_PCT);
  if (noisy.length > 0) {
    console.log(
      `warning: the runs of ${noisy.length} row(s) spread by more than ±${NOISY_SPREAD_PCT}%: something else was` +
        ' using the machine;\n  the ratios are less reliable (run again, or raise BENCH_RUNS).'
    );
  }

  const engineRows = rows.filter((r) => r.ratio);
  const passed = engineRows.filter((r) => r.verdict === 'PASS').length;
  const git = gitState();
  const out = {
    benchmark: 'engine-http',
    format: 1,
    date: new Date().toISOString(),
    git,
    machine: {
      hostname: os.hostname(),
      cpus: os.cpus().length,
      cpu_model: (os.cpus()[0] || {}).model,
      load_average_at_start: process.env.BENCH_LOADAVG,
      node: process.version,
      wrk: process.env.BENCH_WRK_VERSION,
      pinning: process.env.BENCH_PINNING,
    },
    settings: {
      runs: Number(process.env.BENCH_RUNS),
      seconds_per_run: Number(process.env.BENCH_SECONDS),
      warmup_seconds: Number(process.env.BENCH_WARMUP),
      target_ratio: target,
      request: 'POST /run {"value":{"name":"bench"}}, Content-Type: application/json, keep-alive',
      action: "function main(args){ return {payload: 'Hello, ' + (args.name || 'stranger') + '!'} }",
    },
    rows,
    warmup: records.filter((r) => r.phase === 'warmup'),
  };
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  fs.writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `engine-http: measured; ${passed} of ${engineRows.length} engine rows reach the target;` +
      ` raw figures in ${path.relative(process.cwd(), outPath) || outPath}`
  );
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'check' && args.length === 1) check(args[0]);
else if (mode === 'report' && args.length === 2) report(args[0], args[1]);
else {
  process.stderr.write('usage: node report.js check RECORD-JSON | report RESULTS.jsonl OUT.json\n');
  process.exit(2);
}
