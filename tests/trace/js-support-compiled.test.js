// Keeps docs/js-support.md's "compiled" column true: every traced row's sample is traced on the doc's `p`, compiled (one rustc for all), run natively and compared with Node.js byte for byte.
'use strict';

// How (the differential fuzzer's pipeline, compiler/tests/fuzz/fuzz.js, on the doc's samples):
//   1. A child process (this file with CL_JS_SUPPORT_NODE_SIDE=DIR) traces each row's program on
//      `p` through proxy/service.js, as the engine does before a handler exists, and records a plain
//      instance's answer (status, body, logs): the child replaces process.stdout/stderr.write to
//      capture the logs, which the test runner's own reporting must not go through.
//   2. containerless-compile TRACE --emit-rust for each trace; exit 4 is "not compilable".
//   3. fuzz.js's runChunk: all handlers as modules of ONE crate, one rustc, and its harness runs
//      each activation through the runtime crate's C table (abi.rs), as the native runtime does.
// A row is `yes` when the native answer is identical to Node's, `no` when the normalizer marks the
// program not compilable, `not yet` otherwise (an abort: the activation falls back to Node.js).
// UPDATE_JS_SUPPORT=1 rewrites the column from the measurement instead of failing.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test } = require('node:test');

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'js-support.md');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');
const P = { a: 1, s: ' Ab ', xs: [3, 1, 2], o: { k: 1 }, n: 2.5 }; // as tests/trace/js-support.test.js

/** The doc's table rows, as js-support.test.js reads them, with each row's line number. */
function parseRows(text) {
  const rows = [];
  let section = '';
  text.split('\n').forEach((line, index) => {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (!line.startsWith('| ') || line.startsWith('| construct') || line.startsWith('| built-in')) return;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|'));
    assert.equal(cells.length, 6, `a row of docs/js-support.md has ${cells.length} cells: ${line}`);
    const sample = /^(`+) ?(.*?) ?\1$/.exec(cells[1]);
    assert.ok(sample, `the sample of "${cells[0]}" is not in backticks`);
    rows.push({ index, section, construct: cells[0], sample: sample[2], normalized: cells[2], traced: cells[3], compiled: cells[4] });
  });
  return rows;
}

function programOf(sample) {
  return /function\*? main\b/.test(sample) ? sample : `function main(p) { ${sample} }`;
}

/**
 * The program whose main answers `{r: <the sample's answer>}`: most samples return a number or a
 * string, which OpenWhisk refuses (Node.js answers 502 "did not return a dictionary") and the
 * native code leaves to Node.js by design (abi.rs shape_reply), whatever the construct. The
 * sample's main becomes a module-level function `__sample`, called by the new main (a call of a
 * module-level function, itself a compiled construct; `p` is passed, nothing is captured).
 */
function wrappedProgramOf(sample) {
  const code = programOf(sample);
  const main = /\b(async\s+)?function\s+main\b/.exec(code);
  assert.ok(main, `no main in ${code}`);
  const renamed = code.slice(0, main.index) + main[0].replace(/main$/, '__sample') + code.slice(main.index + main[0].length);
  return main[1] ? `${renamed}\nasync function main(p) { return { r: await __sample(p) }; }` : `${renamed}\nfunction main(p) { return { r: __sample(p) }; }`;
}

/** The doc's text with row `index`'s compiled cell (the fifth) replaced by `value`. */
function withCompiled(text, values) {
  const lines = text.split('\n');
  for (const [index, value] of values) {
    const raw = lines[index].split(/(?<!\\)\|/);
    raw[5] = ` ${value} `;
    lines[index] = raw.join('|');
  }
  return lines.join('\n');
}

// ---- 1. The Node.js side (in a child process: it takes over stdout and stderr) ----

async function nodeSide(dir) {
  // The fuzzer's Node.js side does the same per program: trace it, then answer from a plain instance.
  const { captureStreams, traceThenAnswer } = require('../../compiler/tests/fuzz/node_side');
  const { loadSerializeError } = require('../../proxy/errors');
  await loadSerializeError();
  captureStreams();
  const { codes } = JSON.parse(fs.readFileSync(path.join(dir, 'codes.json'), 'utf8'));
  const entries = [];
  for (const [k, code] of codes.entries()) {
    entries.push(await traceThenAnswer({ k, traced: false, reason: undefined, node: [] }, code, [JSON.stringify(P)], 1, dir));
  }
  fs.writeFileSync(path.join(dir, 'node.json'), JSON.stringify(entries));
}

if (process.env.CL_JS_SUPPORT_NODE_SIDE) {
  // A sample's stray asynchronous error must not end the child before it writes its answers.
  process.on('uncaughtException', (e) => fs.writeSync(2, `node side: uncaught ${e && e.stack}\n`));
}
if (!require('../../compiler/tests/fuzz/node_side').runAsNodeSide('CL_JS_SUPPORT_NODE_SIDE', nodeSide)) defineTests();

// ---- 2 and 3. Compile, run natively, compare, check the doc ----

function defineTests() {
  const { missingTools, compare, runChunk } = require('../../compiler/tests/fuzz/fuzz');
  const { normalizeProgram } = require('../../proxy/trace/normalize');
  const missing = missingTools();
  const skip = missing.length > 0 && `not built (make build): ${missing.join(', ')}`;

  test('the compiled column rewrite touches only that column', () => {
    const line = '| a | `x \\|\\| y` | yes | yes | not yet | Node.js (b) |';
    assert.equal(withCompiled(line, [[0, 'yes']]), '| a | `x \\|\\| y` | yes | yes | yes | Node.js (b) |');
  });

  test("docs/js-support.md's compiled column: native answers on p identical to Node.js's (UPDATE_JS_SUPPORT=1 rewrites it)", { skip, timeout: 10 * 60_000 }, async (t) => {
    const started = Date.now();
    const text = fs.readFileSync(DOC, 'utf8');
    const rows = parseRows(text);
    assert.ok(rows.length >= 60, `only ${rows.length} rows`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-js-support-'));
    try {
      fs.mkdirSync(path.join(dir, 'traces'));
      // Program k is row k's sample; program N + k the same wrapped (wrappedProgramOf).
      const N = rows.length;
      const codes = [...rows.map((r) => programOf(r.sample)), ...rows.map((r) => wrappedProgramOf(r.sample))];
      fs.writeFileSync(path.join(dir, 'codes.json'), JSON.stringify({ codes }));
      const side = spawnSync(process.execPath, [__filename], { env: { ...process.env, CL_JS_SUPPORT_NODE_SIDE: dir }, encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(side.status, 0, `node side failed:\n${side.stderr.slice(-4000)}`);
      const entries = JSON.parse(fs.readFileSync(path.join(dir, 'node.json'), 'utf8'));
      const input = JSON.stringify(P);

      // Which rows to compile: a traced row the normalizer leaves compilable.
      const measured = rows.map((r, k) => {
        const compilable = normalizeProgram(codes[k]).program.compilable !== false;
        const node = entries[k].node[0];
        const scalar = node !== undefined && node.status === 502 && node.body.includes('did not return a dictionary');
        const run = scalar ? N + k : k;
        return { row: r, k: run, wrapped: scalar, compilable, entry: entries[run], why: compilable ? '' : 'the normalizer marks it not compilable' };
      });
      const toRun = [];
      for (const m of measured) {
        if (!m.compilable) continue;
        if (m.row.traced !== 'yes') m.why = 'not traced';
        else if (!m.entry.traced) m.why = `no trace (${m.entry.reason})`;
        else {
          const c = spawnSync(COMPILER, [path.join(dir, 'traces', `${m.k}.json`), '--emit-rust', path.join(dir, 'rust', `p${m.k}`)], { encoding: 'utf8' });
          if (c.status === 4) m.why = 'the compiler: not compilable';
          else if (c.status !== 0) m.why = `containerless-compile exit ${c.status}: ${String(c.stderr).trim().slice(0, 300)}`;
          else toRun.push({ k: m.k, inputs: [input] });
        }
      }
      const outcomes = toRun.length > 0 ? await runChunk(dir, 0, toRun, 'js-support') : {};
      const different = [];
      for (const m of measured) {
        m.expected = m.compilable ? 'not yet' : 'no';
        if (!toRun.some((e) => e.k === m.k)) continue;
        const native = (outcomes[m.k] || [])[0];
        assert.ok(native, `"${m.row.construct}": no native outcome`);
        const c = compare(m.entry.node[0], native);
        if (c.kind === 'identical') m.expected = 'yes';
        else if (c.kind === 'aborted') m.why = `native aborted: ${c.reason}: ${String((native.abort || {}).detail).slice(0, 200)}`;
        else {
          m.why = 'DIFFERENT from Node.js';
          different.push(`"${m.row.construct}" (${codes[m.k]}):\n  node   ${JSON.stringify(m.entry.node[0])}\n  native ${JSON.stringify(native)}`);
        }
      }

      const count = (v) => measured.filter((m) => m.expected === v).length;
      for (const m of measured) if (m.why) t.diagnostic(`${m.row.construct}: ${m.expected} (${m.why}${m.wrapped && m.why.startsWith('native') ? '; run as {r: answer}' : ''})`);
      for (const d of different) t.diagnostic(`native answer different from Node.js (a product bug; the row stays not yet): ${d}`);
      const wrong = measured.filter((m) => m.row.compiled !== m.expected);
      if (process.env.UPDATE_JS_SUPPORT && wrong.length > 0) {
        fs.writeFileSync(DOC, withCompiled(text, wrong.map((m) => [m.row.index, m.expected])));
        t.diagnostic(`UPDATE_JS_SUPPORT: rewrote ${wrong.length} compiled cells of ${path.relative(ROOT, DOC)}`);
      }
      t.diagnostic(`compiled: yes ${count('yes')}, not yet ${count('not yet')}, no ${count('no')} of ${rows.length} rows (${measured.filter((m) => m.wrapped).length} answered as {r: answer}); ${toRun.length} compiled in one rustc; ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (!process.env.UPDATE_JS_SUPPORT) {
        const list = wrong.map((m) => `  ${m.row.construct}: the doc says ${m.row.compiled}, measured ${m.expected}${m.why ? ` (${m.why})` : ''}`).join('\n');
        assert.equal(wrong.length, 0, `docs/js-support.md's compiled column disagrees with the measurement on ${wrong.length} rows (rerun with UPDATE_JS_SUPPORT=1 to rewrite it):\n${list}`);
      }
      assert.ok(count('yes') > 0, 'no row compiles natively: the pipeline proves nothing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
}

module.exports = { parseRows, withCompiled };
