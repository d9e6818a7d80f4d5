// CPU benchmark driver: traces, compiles and times each CPU-bound action natively and in warm V8.
//
// Usage: node bench.js WORK_DIR OUT_JSON     (run.sh calls it; see docs/benchmarks.md)
//
// For each action of ACTIONS: write its inputs (inputs.js), trace it with the real tracer on the
// training inputs (`bin/containerless trace`), compile the trace with the real compiler
// (`build/compiler/containerless-compile`, Rust kept in WORK_DIR/ACTION.rs/), then BENCH_RUNS
// times, side by side: time_v8.js (warm V8) and time_handler (the handler through the C ABI) on
// the same timed inputs, alternating which goes first. Both write their reply bodies, which must
// be byte-identical; native aborts are counted. Prints the table and writes OUT_JSON.
//
// Environment: BENCH_RUNS (5), BENCH_SECONDS (measured seconds per batch, 1), BENCH_WARMUP
// (seconds of unmeasured activations before each batch, 0.5), CPU_BENCH_ACTIONS (a comma list,
// e.g. "sieve,bfs": only those), TIME_HANDLER (the timing host binary; run.sh builds it).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { INPUTS } = require('./inputs.js');

const ROOT = path.resolve(__dirname, '../../..');
const HERE = __dirname;
const ACTIONS = Object.keys(INPUTS); // bfs, sieve, transform, strings
const PASS = 1;
const GOAL = 2;

function fail(message) {
  process.stderr.write(`cpu: FAILED: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600e3 });
  if (r.error) fail(`${what}: ${r.error.message}`);
  if (r.status !== 0) fail(`${what} exited ${r.status}:\n${(r.stderr || '').slice(-3000)}`);
  return r.stdout;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function prepare(name, work) {
  const js = path.join(HERE, `${name}.js`);
  const trace = path.join(work, `${name}.trace.json`);
  const so = path.join(work, `${name}.so`);
  const rust = path.join(work, `${name}.rs`);
  run('bin/containerless', ['trace', js, path.join(work, `${name}.train.jsonl`), '-o', trace], `trace ${name}`);
  const t0 = process.hrtime.bigint();
  run('build/compiler/containerless-compile', [trace, '-o', so, '--emit-rust', rust], `compile ${name}`);
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { js, so, compileMs };
}

function timeSide(side, name, files, work, env) {
  const inputs = path.join(work, `${name}.bench.jsonl`);
  const bodies = path.join(work, `${name}.${side}.bodies`);
  const args = [inputs, bodies, String(env.warmup), String(env.seconds)];
  const out =
    side === 'v8'
      ? run(process.execPath, [path.join(HERE, 'time_v8.js'), files.js, ...args], `time ${name} in V8`)
      : run(env.host, [files.so, ...args], `time ${name} native`);
  const result = JSON.parse(out.trim().split('\n').pop());
  result.bodies = fs.readFileSync(bodies, 'utf8').split('\n').slice(0, -1);
  return result;
}

function verdict(ratio, clean) {
  if (!clean) return 'ABORTS';
  if (ratio >= GOAL) return 'GOAL';
  if (ratio >= PASS) return 'PASS';
  return 'SLOWER';
}

function main() {
  const [work, outJson] = process.argv.slice(2);
  if (!outJson) fail('usage: node bench.js WORK_DIR OUT_JSON');
  const env = {
    runs: Math.max(1, Number(process.env.BENCH_RUNS || 5)),
    seconds: Number(process.env.BENCH_SECONDS || 1),
    warmup: Number(process.env.BENCH_WARMUP || 0.5),
    host: process.env.TIME_HANDLER || path.join(work, 'time_handler'),
  };
  const only = (process.env.CPU_BENCH_ACTIONS || '').split(',').filter(Boolean);
  const actions = only.length ? ACTIONS.filter((a) => only.includes(a)) : ACTIONS;
  if (actions.length === 0) fail(`CPU_BENCH_ACTIONS names none of ${ACTIONS.join(', ')}`);
  fs.mkdirSync(work, { recursive: true });
  run(process.execPath, [path.join(HERE, 'inputs.js'), work], 'write inputs');

  const rows = [];
  for (const name of actions) {
    process.stdout.write(`${name}: tracing and compiling...`);
    const files = prepare(name, work);
    process.stdout.write(` compiled in ${(files.compileMs / 1000).toFixed(2)} s; runs:`);
    const v8 = [];
    const native = [];
    const v8Cpu = [];
    const nativeCpu = [];
    let aborts = 0;
    let activations = 0;
    let different = 0;
    let abortedInputs = 0;
    for (let r = 0; r < env.runs; r++) {
      // Alternate the order: whatever the machine does meanwhile falls on both sides alike.
      const order = r % 2 ? ['native', 'v8'] : ['v8', 'native'];
      const got = {};
      for (const side of order) got[side] = timeSide(side, name, files, work, env);
      v8.push(got.v8.ns_per_activation);
      native.push(got.native.ns_per_activation);
      v8Cpu.push(got.v8.cpu_ns_per_activation);
      nativeCpu.push(got.native.cpu_ns_per_activation);
      aborts += got.native.aborts;
      activations += got.native.activations;
      got.native.bodies.forEach((body, i) => {
        if (body.startsWith('ABORT ')) abortedInputs++;
        else if (body !== got.v8.bodies[i]) different++;
      });
      if (r === 0 && different > 0) {
        const i = got.native.bodies.findIndex((b, k) => !b.startsWith('ABORT ') && b !== got.v8.bodies[k]);
        process.stderr.write(`\n${name}: input ${i + 1} differs:\n  node:   ${got.v8.bodies[i].slice(0, 300)}\n  native: ${got.native.bodies[i].slice(0, 300)}\n`);
      }
      process.stdout.write(` ${(got.v8.ns_per_activation / got.native.ns_per_activation).toFixed(2)}x`);
    }
    process.stdout.write('\n');
    const v8Ns = median(v8);
    const nativeNs = median(native);
    const ratio = v8Ns / nativeNs;
    const ratios = v8.map((x, i) => x / native[i]);
    const cpuRatio = median(v8Cpu) / median(nativeCpu);
    rows.push({
      action: name,
      v8_ns_per_activation: v8Ns,
      native_ns_per_activation: nativeNs,
      ratio: Math.round(ratio * 100) / 100,
      run_ratios: ratios.map((x) => Math.round(x * 100) / 100),
      v8_cpu_ns_per_activation: median(v8Cpu),
      native_cpu_ns_per_activation: median(nativeCpu),
      cpu_ratio: Math.round(cpuRatio * 100) / 100,
      verdict: different ? 'DIFFERENT' : verdict(ratio, aborts === 0 && abortedInputs === 0),
      native_activations: activations,
      native_aborts: aborts + abortedInputs,
      different_answers: different,
      compile_ms: Math.round(files.compileMs),
    });
  }

  const us = (ns) => (ns / 1000).toFixed(ns < 10000 ? 2 : 1);
  const line = (cols) => cols.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(i === 5 ? 8 : 12))).join(' ');
  // The CPU ratio (each side's process CPU time per activation) is the second opinion on a
  // shared machine: other work delays a side's wall time without adding to its CPU time.
  console.log('');
  console.log(`CPU-bound actions: warm V8 vs the compiled handler, median of ${env.runs} runs of ${env.seconds} s each`);
  console.log(line(['action', 'V8 µs/act', 'native µs/act', 'ratio', 'run ratios', 'result', 'aborts', 'cpu ratio']));
  for (const r of rows) {
    const spread = `${Math.min(...r.run_ratios).toFixed(2)}-${Math.max(...r.run_ratios).toFixed(2)}`;
    console.log(line([r.action, us(r.v8_ns_per_activation), us(r.native_ns_per_activation), `${r.ratio.toFixed(2)}x`, spread, r.verdict, r.native_aborts, `${r.cpu_ratio.toFixed(2)}x`]));
  }
  console.log('PASS: native >= 1x V8 (never slower); GOAL: >= 2x. ratio = V8 time / native time (wall clock, medians);');
  console.log('cpu ratio = the same with each process\'s CPU time (V8: all its threads), less sensitive to other load.');

  const doc = {
    benchmark: 'cpu',
    date: new Date().toISOString(),
    runs: env.runs,
    seconds: env.seconds,
    warmup: env.warmup,
    node: process.version,
    rows,
  };
  fs.writeFileSync(outJson, JSON.stringify(doc, null, 2) + '\n');
  if (rows.some((r) => r.different_answers > 0)) fail('a native answer differs from Node.js (see above)');
}

main();
