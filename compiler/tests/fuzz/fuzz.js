// The differential semantics fuzzer: random programs traced and run by Node.js, compiled to Rust, built as modules of a few crates, run natively, compared byte for byte.
'use strict';

// Pipeline (docs/compiler.md, "Differential fuzzer"):
//   1. node_side.js, ONE node process: generates programs (tests/trace/generator.js), traces each
//      on its training inputs (proxy/service.js + the tracer), and records Node's answers (a
//      plain instance) on the training inputs and on fresh ones.
//   2. containerless-compile TRACE --emit-rust DIR for each trace (a few ms each, no rustc).
//   3. The handlers become modules of one crate per chunk of programs, with harness.rs as the
//      runner; one rustc per chunk at opt-level 0 (JOBS at a time). Why: rustc's fixed cost
//      (~0.7 s per cdylib, mostly std and linking) paid 2,000 times would be 25 minutes.
//   4. Each chunk's binary runs every activation through the crate's C table (abi.rs), as the
//      native runtime does; every answer is compared with Node's.
//
// CLI: node compiler/tests/fuzz/fuzz.js (FUZZ_SEED, FUZZ_PROGRAMS, FUZZ_FIRST, ... below).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..', '..');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');
const RUNTIME = path.join(ROOT, 'compiler', 'runtime', 'target', 'release');
const RLIB = path.join(RUNTIME, 'libcontainerless_rt.rlib');
const HARNESS = path.join(__dirname, 'harness.rs');
const NODE_SIDE = path.join(__dirname, 'node_side.js');
const RUSTC = process.env.RUSTC || 'rustc'; // as the compiler's builder: RUSTC, else rustc on PATH

/** Settings from the environment; the defaults are what `make test` runs (a fixed seed: reproducible CI). */
function settings(env = process.env) {
  const num = (name, def) => (env[name] === undefined || env[name] === '' ? def : Number(env[name]));
  return {
    seed: num('FUZZ_SEED', 20261127),
    programs: num('FUZZ_PROGRAMS', 2000),
    first: num('FUZZ_FIRST', 0), // the index of the first program: FUZZ_FIRST=k FUZZ_PROGRAMS=1 reruns program k alone
    train: num('FUZZ_TRAIN', 3), // inputs traced (and also run natively)
    fresh: num('FUZZ_FRESH', 3), // inputs the trace never saw
    chunk: num('FUZZ_CHUNK', 250), // programs per crate: bounds rustc's memory (~3 MB per program)
    jobs: num('FUZZ_JOBS', 2), // rustc processes at a time (the machine has 2 cores)
    keep: Boolean(env.FUZZ_KEEP), // keep the work directory (traces, Rust, outputs) and print where
    verbose: Boolean(env.FUZZ_VERBOSE), // the most frequent abort details
  };
}

/**
 * Abort reasons a training input may end in although Node.js answered it: the trace covers that
 * path, so only what the crate or the tracer declines to do natively may stop it. Any other
 * reason on a training input is reported: `untraced` (except below), `fuel`, `panic`, and
 * `throw`, which the crate raises only where JavaScript throws, so a native throw where V8
 * answered is a semantic difference even though it is safe.
 *   unsupported  an operation the crate does not do exactly, an `unknown` the tracer wrote
 *   guard        a call the tracer recorded as opaque (`false.toString()`, a callback, ...)
 */
const TRAIN_ABORTS_ALLOWED = new Set(['unsupported', 'guard']);

/**
 * Whether an `untraced` abort comes from a decision the tracer never recorded: every `if` of
 * the abort's site (or, when the compiler folded a constant test away and the record has no
 * site, of its loc) has taken [0, 0] in the trace although a training activation passed it.
 * The tracer does not hook decisions inside a call's receiver (`(a ? b : c).toString()`,
 * `[x, y || z].indexOf(1)`) or inside a spread (`[...(a ?? b)]`): native code then aborts
 * there on every input, which is safe, and is counted as "untraced at a decision the tracer did
 * not record" rather than as a failure.
 */
function unrecordedDecision(trace, abort) {
  const matches = (v) => (abort.site !== undefined ? v.site === abort.site : Array.isArray(abort.loc) && Array.isArray(v.loc) && v.loc[0] === abort.loc[0] && v.loc[1] === abort.loc[1]);
  let seen = false;
  let taken = false;
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      if (v.s === 'if' && matches(v)) {
        seen = true;
        if (Array.isArray(v.taken) && v.taken[0] + v.taken[1] > 0) taken = true;
      }
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(trace.main);
  return seen && !taken;
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
}

/** Runs a command asynchronously: {status, stdout, stderr}. */
function runAsync(cmd, args, { input, ...opts } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // a child that exits early is reported by its status
    child.stdin.end(input === undefined ? '' : input);
  });
}

function missingTools() {
  return [COMPILER, RLIB].filter((f) => !fs.existsSync(f)).map((f) => path.relative(ROOT, f));
}

/** The crate root of one chunk: a module per program, its Handler impl, and the table. */
function crateRoot(dir, ks) {
  const lines = ['// Generated by compiler/tests/fuzz/fuzz.js: one module per program, run by harness.rs.', `#[path = ${JSON.stringify(HARNESS)}]`, '#[macro_use]', 'mod harness;'];
  for (const k of ks) {
    lines.push(`#[path = ${JSON.stringify(path.join(dir, 'rust', `p${k}`, 'handler.rs'))}]`, `mod p${k};`, `fuzz_handler!(H${k}, p${k});`);
  }
  lines.push('fn table(k: usize) -> Option<containerless_rt::abi::StaticTable> {', '    match k {');
  for (const k of ks) lines.push(`        ${k} => Some(containerless_rt::abi::table::<H${k}>()),`);
  lines.push('        _ => None,', '    }', '}', 'fn main() {', '    harness::main(table)', '}', '');
  return lines.join('\n');
}

/** Builds and runs one chunk; resolves to the outcomes by program: {k: [outcome per input]}. */
async function runChunk(dir, index, entries, seed) {
  const root = path.join(dir, `chunk${index}.rs`);
  const bin = path.join(dir, `chunk${index}`);
  fs.writeFileSync(root, crateRoot(dir, entries.map((e) => e.k)));
  // opt-level 0 with debug assertions off: rustc's time is the budget, and overflow checks (on by
  // default at level 0) would make the generated code differ from what the builder's level 2 runs.
  const built = await runAsync(RUSTC, ['--edition', '2021', '--crate-type', 'bin', '-C', 'opt-level=0', '-C', 'debug-assertions=off', '-C', 'debuginfo=0', '--cap-lints', 'allow', '--extern', `containerless_rt=${RLIB}`, '-L', `dependency=${path.join(RUNTIME, 'deps')}`, '-o', bin, root]);
  if (built.status !== 0) throw new Error(`rustc failed on chunk ${index} (${root}):\n${built.stderr.slice(-6000)}`);
  const input = entries.flatMap((e) => e.inputs.map((args) => `${e.k}\t${args}\n`)).join('');
  const ran = await runAsync(bin, [], { input });
  if (ran.status !== 0) {
    // The activation after the last complete line is the one that brought the harness down.
    const done = ran.stdout.split('\n').length - 1;
    const [k, args] = input.split('\n')[done].split('\t');
    throw new Error(`the harness of chunk ${index} died (status ${ran.status}, signal ${ran.signal}) on program ${k}, input ${args}; rerun: FUZZ_SEED=${seed} FUZZ_FIRST=${k} FUZZ_PROGRAMS=1 FUZZ_KEEP=1 node compiler/tests/fuzz/fuzz.js\n${ran.stderr.slice(-4000)}`);
  }
  const byProgram = {};
  for (const line of ran.stdout.split('\n')) {
    if (line === '') continue;
    const o = JSON.parse(line);
    (byProgram[o.k] = byProgram[o.k] || []).push(o);
  }
  return byProgram;
}

/**
 * Text as the bytes that reach the wire or the log: Node and the native runtime both write UTF-8,
 * where a lone surrogate becomes U+FFFD, so that is the form compared.
 */
function bytes(text) {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The native [stream, text] lines as Node's [stream, chunk] writes (console adds the newline). */
function nativeLogs(logs) {
  return (logs || []).map(([stream, text]) => [stream, bytes(`${text}\n`)]);
}

/** Compares one activation; returns {kind, reason?}. */
function compare(node, native) {
  if (native.status === 'init-aborted') return { kind: 'aborted', reason: `init:${native.abort.reason}` };
  if (native.status === 'aborted') return { kind: 'aborted', reason: native.abort.reason };
  const nodeLogs = node.logs.map(([stream, chunk]) => [stream, bytes(chunk)]);
  const same = node.status === 200 && native.http_status === 200 && bytes(native.body) === bytes(node.body) && JSON.stringify(nativeLogs(native.logs)) === JSON.stringify(nodeLogs);
  return { kind: same ? 'identical' : 'different' };
}

/**
 * Runs the fuzzer with settings `s`; `log` receives progress lines. Resolves to {summary, line,
 * problems}: `problems` lists every difference and every unexpected abort, each with its seed,
 * program, source, input and both outputs; the run passes when it is empty.
 */
async function fuzz(s, log = () => {}) {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-fuzz-'));
  const summary = { programs: 0, invalid: 0, activations: 0, identical: 0, aborted: 0, abortedBy: {}, different: 0, node: 0, nodeBy: {}, demoted: 0, unexpectedAborts: 0, unrecorded: 0, trainAbortsBy: {} };
  const problems = [];
  const timing = {};
  const details = {}; // abort reason and detail (digits elided) -> count, for FUZZ_VERBOSE
  let finished = false;
  try {
    // 1. Node.js: programs, traces, reference answers.
    let t = Date.now();
    const side = run(process.execPath, [NODE_SIDE, s.seed, s.first, s.programs, s.train, s.fresh, dir]);
    if (side.status !== 0) throw new Error(`node side failed:\n${side.stderr.slice(-4000)}`);
    const entries = JSON.parse(fs.readFileSync(path.join(dir, 'node.json'), 'utf8'));
    timing.node = Date.now() - t;

    // 2. Trace -> Rust.
    t = Date.now();
    const compiled = [];
    for (const e of entries) {
      summary.programs++;
      if (!e.traced) {
        e.stays = e.reason === 'invalid' ? 'invalid' : `not traced`;
        if (e.reason === 'invalid') summary.invalid++;
        if (e.reason !== 'invalid' && e.reason !== 'init failed') problems.push(`seed ${s.seed}, program ${e.k}: ${e.reason}\n${e.code}`);
        continue;
      }
      const c = run(COMPILER, [path.join(dir, 'traces', `${e.k}.json`), '--emit-rust', path.join(dir, 'rust', `p${e.k}`)]);
      if (c.status === 4) e.stays = 'not compilable';
      else if (c.status !== 0) {
        e.stays = `compiler exit ${c.status === null ? c.signal || 'error' : c.status}`;
        const how = c.status === null ? `died (${c.error ? c.error.message : `signal ${c.signal}`})` : `exit ${c.status}`;
        problems.push(`seed ${s.seed}, program ${e.k}: containerless-compile ${how}: ${String(c.stderr).trim()}\n${e.code}`);
      } else compiled.push(e);
    }
    timing.emit = Date.now() - t;

    // 3 and 4. Chunks: build and run, JOBS at a time.
    t = Date.now();
    const chunks = [];
    for (let i = 0; i < compiled.length; i += s.chunk) chunks.push(compiled.slice(i, i + s.chunk));
    const outcomes = {};
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const i = next++;
        Object.assign(outcomes, await runChunk(dir, i, chunks[i], s.seed));
        log(`chunk ${i + 1}/${chunks.length} built and run (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, s.jobs) }, worker));
    timing.native = Date.now() - t;

    // Comparison.
    for (const e of entries) {
      if (e.reason === 'invalid') continue;
      const n = e.inputs.length;
      if (e.stays !== undefined) {
        summary.activations += e.node.length;
        summary.node += e.node.length;
        summary.nodeBy[e.stays] = (summary.nodeBy[e.stays] || 0) + e.node.length;
        continue;
      }
      const native = outcomes[e.k] || [];
      if (native.length !== n) throw new Error(`program ${e.k}: ${native.length} native outcomes for ${n} inputs`);
      let demoted = false;
      const traces = {};
      const trace = (k) => traces[k] || (traces[k] = JSON.parse(fs.readFileSync(path.join(dir, 'traces', `${k}.json`), 'utf8')));
      for (let i = 0; i < n; i++) {
        summary.activations++;
        if (demoted) {
          summary.demoted++; // after a module-state abort the runtime keeps the action in Node.js
          continue;
        }
        const c = compare(e.node[i], native[i]);
        const where = () =>
          `seed ${s.seed}, program ${e.k}, input ${i} (${i < e.train ? 'training' : 'fresh'}); rerun: FUZZ_SEED=${s.seed} FUZZ_FIRST=${e.k} FUZZ_PROGRAMS=1 node compiler/tests/fuzz/fuzz.js\n` +
          `--- program\n${e.code}--- inputs (training first ${e.train})\n${e.inputs.join('\n')}\n--- input\n${e.inputs[i]}\n` +
          `--- node\n${JSON.stringify(e.node[i])}\n--- native\n${JSON.stringify(native[i])}`;
        if (c.kind === 'identical') summary.identical++;
        else if (c.kind === 'different') {
          summary.different++;
          problems.push(`DIFFERENT: ${where()}`);
        } else {
          summary.aborted++;
          summary.abortedBy[c.reason] = (summary.abortedBy[c.reason] || 0) + 1;
          const detail = `${c.reason}: ${String((native[i].abort || {}).detail).replace(/\d+/g, 'N').slice(0, 70)}`;
          details[detail] = (details[detail] || 0) + 1;
          if (c.reason === 'module-state') demoted = true;
          // A training input that Node.js answered went down a traced path: only a documented
          // reason may stop it natively.
          const trainAnswered = i < e.train && e.node[i].status === 200;
          if (trainAnswered) {
            summary.trainAbortsBy[c.reason] = (summary.trainAbortsBy[c.reason] || 0) + 1;
            if (s.verbose) log(`training input Node answered, native aborted: program ${e.k} input ${i}: ${c.reason}: ${native[i].abort.detail}`);
          }
          if (trainAnswered && c.reason === 'untraced' && unrecordedDecision(trace(e.k), native[i].abort)) {
            summary.unrecorded++;
          } else if (trainAnswered && !TRAIN_ABORTS_ALLOWED.has(c.reason)) {
            summary.unexpectedAborts++;
            problems.push(`UNEXPECTED ABORT (${c.reason}) on a training input: ${where()}`);
          }
        }
      }
    }
    finished = true;
  } finally {
    if (s.keep) log(`work directory kept: ${dir}`);
    else {
      // After a failure another chunk's rustc may still be writing here: retry, and never let
      // the cleanup hide the failure itself.
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (err) {
        if (finished) throw err;
        log(`could not remove ${dir}: ${err.message}`);
      }
    }
  }
  const by = (o) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k} ${v}`).join(', ');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line =
    `fuzz (seed ${s.seed}, programs ${s.first}..${s.first + s.programs - 1}): ${summary.programs} programs (${summary.invalid} not valid JavaScript), ${summary.activations} activations: ` +
    `${summary.identical} identical, ${summary.aborted} aborted (${by(summary.abortedBy) || 'none'}), ${summary.different} different; ` +
    `${summary.node} in Node.js (${by(summary.nodeBy) || 'none'}), ${summary.demoted} after module-state; training inputs Node answered but native aborted: ${by(summary.trainAbortsBy) || 'none'}; ${summary.unexpectedAborts} unexpected aborts on training inputs (${summary.unrecorded} more untraced at a decision the tracer did not record); ` +
    `${seconds} s (node ${(timing.node / 1000).toFixed(1)}, emit ${(timing.emit / 1000).toFixed(1)}, rustc+run ${(timing.native / 1000).toFixed(1)})`;
  if (s.verbose) {
    for (const [d, n] of Object.entries(details).sort((a, b) => b[1] - a[1]).slice(0, 40)) log(`${String(n).padStart(6)}  ${d}`);
  }
  return { summary, line, problems };
}

if (require.main === module) {
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`fuzz: not built (make build): ${missing.join(', ')}`);
    process.exit(2);
  }
  fuzz(settings(), (m) => console.error(m)).then(
    ({ line, problems }) => {
      for (const p of problems) console.log(`${p}\n`);
      console.log(line);
      process.exit(problems.length === 0 ? 0 : 1);
    },
    (e) => {
      console.error(`fuzz: ${e.stack}`);
      process.exit(1);
    }
  );
}

module.exports = { fuzz, settings, missingTools, compare, runChunk, TRAIN_ABORTS_ALLOWED };
