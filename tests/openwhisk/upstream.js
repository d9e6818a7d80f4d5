// OpenWhisk's own runtime tests, restated in JavaScript: the container interface of upstream's
// ActionContainer (init/run/runMultiple over HTTP, one fresh runtime per case) and checkStreams,
// over tests/protocol/harness.js, for three engine modes (node, auto, auto with compilation).
//
// Facts restated from apache/openwhisk tests/src/test/scala/actionContainers/ActionContainer.scala
// (ActionProxyContainerTestUtils and ActionContainer.withContainer):
// - every case runs in a fresh container; `out`/`err` are the container's whole stdout/stderr
//   (`docker logs` after the case), read once the case is over;
// - checkStreams(out, err, check, sentinelCount = 1, concurrent = false): the number of
//   occurrences of the sentinel in `out` and in `err` must equal sentinelCount; with `concurrent`,
//   `sentinelCount` sentinel lines must also appear back to back; then every sentinel is removed,
//   each stream is trimmed (Java's String.trim: characters <= U+0020 at both ends) and `check(o, e)`
//   runs on what is left;
// - init(v)/run(v) POST `v` as the whole body and give back (status, the body when it is a JSON
//   object, else nothing); runMultiple posts all bodies at once;
// - initPayload(code, main, env) = {"value": {"code", "main", "binary": Exec.isBinaryCode(code),
//   "env": env or null}}; runPayload(args, other) = {"value": args, ...other}.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after } = require('node:test');
const { SENTINEL, startServer } = require('../protocol/harness');

/** Non-overlapping occurrences of `sub` in `text` (commons-lang StringUtils.countMatches). */
function countMatches(text, sub) {
  let n = 0;
  for (let i = text.indexOf(sub); i >= 0; i = text.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** Java's String.trim: removes every character <= U+0020 at both ends. */
function javaTrim(s) {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** ActionContainer.filterSentinel: every sentinel removed, then trimmed. */
function filterSentinel(s) {
  return javaTrim(s.split(SENTINEL).join(''));
}

/** ActionProxyContainerTestUtils.checkStreams, as upstream defines it. */
function checkStreams(logs, check, sentinelCount = 1, concurrent = false) {
  const { stdout: out, stderr: err } = logs;
  const shown = `\n--- stdout ---\n${out.slice(0, 3000)}\n--- stderr ---\n${err.slice(0, 3000)}`;
  assert.equal(countMatches(out, SENTINEL), sentinelCount, `expected number of stdout sentinels${shown}`);
  if (concurrent) assert.ok(out.includes(`${SENTINEL}\n`.repeat(sentinelCount)), `expected grouping of stdout sentinels${shown}`);
  assert.equal(countMatches(err, SENTINEL), sentinelCount, `expected number of stderr sentinels${shown}`);
  if (concurrent) assert.ok(err.includes(`${SENTINEL}\n`.repeat(sentinelCount)), `expected grouping of stderr sentinels${shown}`);
  const o = filterSentinel(out);
  const e = filterSentinel(err);
  check(o, e);
}

/** org.apache.openwhisk.core.entity.Exec.isBinaryCode: non-empty trimmed base64 text. */
function isBinaryCode(code) {
  if (code == null) return false;
  const t = code.trim();
  return t.length > 0 && t.length % 4 === 0 && /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/.test(t);
}

function initPayload(code, main = 'main', env = undefined) {
  return { value: { code: code == null ? null : code, main, binary: isBinaryCode(code), env: env === undefined ? null : env } };
}

function runPayload(args, other = {}) {
  return { value: args, ...other };
}

/**
 * A scratch directory for event logs, outside every server's TMPDIR (which must end empty). Made
 * and its removal registered at load time: an `after` registered inside a test would run at the
 * end of that test, not of the file.
 */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-ow-events-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * The engine modes every upstream case runs against.
 * - node: `serve --engine node`, the stock runtime's behaviour.
 * - auto: `serve --engine auto` (the product's default) that never compiles: every request is
 *   forwarded to the Node engine.
 * - auto-compiled: `serve --engine auto` compiling after two activations
 *   (CONTAINERLESS_COMPILE_AFTER=2), with a handler cache shared by the whole file. Before each
 *   later /run, and before the runtime is stopped, the case waits until the compilation due by
 *   then has settled (handler loaded, or the action stays in Node.js). So an action the compiler
 *   takes is answered natively from its third activation on, and from its first one in a later
 *   case with the same code (a cache hit: the runtime answers /init itself, without Node.js).
 *   Upstream's cases send the same requests and expect the same replies and logs either way.
 *   (Compiling after every activation would cover more cases, but costs a rustc run per case:
 *   too slow for this suite on two shared cores.)
 */
const MODES = {
  node: { args: [], env: {} },
  auto: { args: ['--engine', 'auto'], env: { CONTAINERLESS_COMPILE_AFTER: '0' } },
  'auto-compiled': {
    args: ['--engine', 'auto'],
    env: { CONTAINERLESS_COMPILE_AFTER: '2', CONTAINERLESS_CACHE_DIR: path.join(scratch, 'handler-cache') },
    compileAfter: 2,
  },
};

/** Tally of which engine answered each /run (the X-Containerless-Engine header). */
const answeredBy = { native: 0, node: 0, none: 0 };
/** auto-compiled mode: what the compile trigger decided, per case (the event log's lines). */
const compileOutcomes = [];

/** Decisions of the compile trigger and their outcomes, as the native runtime logs them. */
const DECIDED = /compiling \/|trace is not compilable|no trace from the node engine|trace is not a JSON object|cannot write the trace|cannot run the compiler/g;
const FINISHED = /\bcompiled \/|compilation failed|the compiler says the action must stay in node/g;
const LOADED = /native: serving \/run|; the action stays in node|keeping the loaded handler/g;
const count = (text, re) => (text.match(re) || []).length;

/** Upstream's ActionContainer over one of our servers. */
class Container {
  constructor(server, mode, eventLog) {
    this.server = server;
    this.mode = mode;
    this.eventLog = eventLog;
    this.activations = 0; // /run replies that reached the action's code (200 or 502)
    this.engines = []; // which engine answered each /run, with the status
  }

  /** (status, body when it is a JSON object) as AkkaContainerClient.post gives them. */
  static answer(r) {
    const obj = r.json !== null && typeof r.json === 'object' && !Array.isArray(r.json) ? r.json : undefined;
    return [r.status, obj];
  }

  async init(body) {
    return Container.answer(await this.server.post('/init', body));
  }

  /**
   * Waits, in auto-compiled mode, until the compilation due by now has settled; fails after
   * `timeoutMs`, or with `bestEffort` just stops waiting.
   */
  async settle({ timeoutMs = 60_000, bestEffort = false } = {}) {
    const { compileAfter } = this.mode;
    if (!compileAfter || this.activations < compileAfter) return;
    const settled = () => {
      const text = fs.existsSync(this.eventLog) ? fs.readFileSync(this.eventLog, 'utf8') : '';
      // A handler from the cache is never recompiled.
      if (text.includes('/init answered from the handler cache')) return true;
      const compiled = count(text, /\bcompiled \//g);
      return count(text, DECIDED) >= 1 && count(text, /compiling \//g) === count(text, FINISHED) && count(text, LOADED) >= compiled;
    };
    const deadline = Date.now() + timeoutMs;
    while (!settled()) {
      if (Date.now() > deadline) {
        if (bestEffort) return;
        const text = fs.existsSync(this.eventLog) ? fs.readFileSync(this.eventLog, 'utf8') : '(no event log)';
        assert.fail(`the compilation due after ${compileAfter} activations did not settle within ${timeoutMs} ms:\n${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  count(r) {
    if (r.status === 200 || r.status === 502) this.activations++;
    const engine = r.headers['x-containerless-engine'];
    this.engines.push(`${engine}:${r.status}`);
    answeredBy[engine === 'native' || engine === 'node' ? engine : 'none']++;
  }

  async run(body) {
    await this.settle();
    const r = await this.server.post('/run', body);
    this.count(r);
    return Container.answer(r);
  }

  async runMultiple(bodies) {
    await this.settle();
    const replies = await Promise.all(bodies.map((body) => this.server.post('/run', body)));
    for (const r of replies) this.count(r);
    return replies.map(Container.answer);
  }
}

/**
 * ActionContainer.withContainer: a fresh runtime in `modeName` with `env` added to its
 * environment, `code(container)`, then the runtime is stopped; resolves to its whole logs.
 */
async function withContainer(modeName, env, code) {
  const mode = MODES[modeName];
  assert.ok(mode, `unknown mode ${modeName}`);
  const extra = {};
  let eventLog;
  let container;
  if (mode.compileAfter) {
    eventLog = path.join(scratch, `events-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
    extra.CONTAINERLESS_LOG_FILE = eventLog;
  }
  const server = await startServer({ args: mode.args, env: { ...mode.env, ...extra, ...env } });
  try {
    container = new Container(server, mode, eventLog);
    await code(container);
    // A compilation still running when the runtime stops would not reach the handler cache, which
    // later cases with the same code use (and, today, its rustc would outlive the runtime:
    // compiler/src/process.cc gives rustc a process group of its own, which the runtime's kill of
    // the compiler's group does not reach). Best effort: a large action takes rustc long.
    await container.settle({ timeoutMs: 10_000, bestEffort: true });
    if (mode.compileAfter) {
      const metrics = await server.request('GET', '/metrics');
      container.aborts = (metrics.text.match(/^containerless_native_aborts_by_reason_total\{reason="[^"]+"\} [1-9]\d*$/gm) || [])
        .map((line) => line.replace('containerless_native_aborts_by_reason_total', 'aborts'))
        .join(' ');
    }
  } catch (error) {
    server.kill();
    error.message += server.logs();
    throw error;
  }
  const logs = await server.stop();
  if (eventLog && fs.existsSync(eventLog)) {
    const decisions = fs
      .readFileSync(eventLog, 'utf8')
      .split('\n')
      .filter((line) => /compil|native: serving|handler cache:|stays in node|staying in node|demoted/.test(line))
      .map((line) =>
        line
          .replace(/^\S+ \S+ /, '')
          .replace(/\/\S+\//g, '')
          .replace(/[0-9a-f]{16,}/g, '#')
          .replace(/\d+ ms|pid \d+/g, '')
      );
    compileOutcomes.push({ engines: container.engines.join(' '), decisions: decisions.join('; '), aborts: container.aborts });
  }
  return { stdout: logs.stdout, stderr: logs.stderr };
}

module.exports = { MODES, SENTINEL, answeredBy, compileOutcomes, checkStreams, filterSentinel, initPayload, isBinaryCode, runPayload, withContainer };
