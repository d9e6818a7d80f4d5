// Keeps docs/js-support.md true: each row's sample is normalized (and run traced) and must match its normalized and traced columns.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { normalizeProgram } = require('../../proxy/trace/normalize');
const { runAction, interpretTrace, compareInterpreted, addonAvailable } = require('./lib');

const DOC = path.resolve(__dirname, '..', '..', 'docs', 'js-support.md');
const P = { a: 1, s: ' Ab ', xs: [3, 1, 2], o: { k: 1 }, n: 2.5 };

/** The rows of the doc's tables: {section, construct, sample, normalized, traced, compiled}. */
function parseRows() {
  const rows = [];
  let section = '';
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (!line.startsWith('| ') || line.startsWith('| construct') || line.startsWith('| built-in')) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|'));
    assert.equal(cells.length, 6, `a row of docs/js-support.md has ${cells.length} cells: ${line}`);
    const sample = /^(`+) ?(.*?) ?\1$/.exec(cells[1]);
    assert.ok(sample, `the sample of "${cells[0]}" is not in backticks`);
    rows.push({ section, construct: cells[0], sample: sample[2], normalized: cells[2], traced: cells[3], compiled: cells[4], fallback: cells[5] });
  }
  return rows;
}

function programOf(sample) {
  return /function\*? main\b/.test(sample) ? sample : `function main(p) { ${sample} }`;
}

/** Paths unknown by design (docs/trace-ir.md: for...of's non-array, destructuring null, for...in's other prototypes): they do not count. */
const DESIGNED = [
  '"reason":"unsupported: for...of over a value that is not an array"',
  '"reason":"unsupported: array destructuring of a value that is not an array"',
  '"reason":"unsupported: destructuring null or undefined"',
  '"reason":"unsupported: for...in over a value whose prototype is not Object.prototype, Array.prototype or null"',
];

function unsupportedCount(program) {
  let json = JSON.stringify([program.module, program.functions]);
  for (const reason of DESIGNED) json = json.split(reason).join('');
  return (json.match(/"reason":"unsupported: /g) || []).length;
}

const rows = parseRows();
const hasAddon = addonAvailable();

test('docs/js-support.md has rows and only known column values', (t) => {
  assert.ok(rows.length >= 60, `only ${rows.length} rows`);
  for (const r of rows) {
    assert.match(r.normalized, /^(yes|no)$/, r.construct);
    assert.match(r.traced, /^(yes|no)$/, r.construct);
    assert.match(r.compiled, /^(yes|no|not yet)$/, r.construct);
    // A construct normalized to an opaque value (a regular expression: a call of RegExp with an
    // opaque target), or to a call whose target is opaque or runs an untraced callback (`new
    // Promise(…)`, an async call not awaited at once), or a `then` callback with an effect Node.js
    // runs later (native code aborts at the call), is normalized but not traced, by design; any
    // other is both or neither.
    if (r.section === 'Constructs' && !/opaque value|opaque target|untraced callback|runs later in Node\.js/.test(r.fallback)) assert.equal(r.traced, r.normalized, `${r.construct}: a construct is traced exactly when it is normalized`);
  }
  const share = (key) => `${rows.filter((r) => r[key] === 'yes').length}/${rows.length}`;
  t.diagnostic(`rows normalized ${share('normalized')}, traced ${share('traced')}`);
});

for (const r of rows) {
  test(`js-support: ${r.construct}`, async () => {
    const code = programOf(r.sample);
    const { program } = normalizeProgram(code);
    const unsupported = unsupportedCount(program);
    if (r.normalized === 'yes') assert.equal(unsupported, 0, `"${r.construct}" is marked normalized but has ${unsupported} unsupported unknown(s): ${JSON.stringify(program)}`);
    else assert.ok(unsupported > 0, `"${r.construct}" is marked not normalized but normalizes fully`);
    if (r.compiled === 'no') assert.equal(program.compilable, false, `"${r.construct}" is marked not compiled but the program is compilable`);

    const plain = await runAction(code, [P]);
    const traced = await runAction(code, [P], { traced: true, recorder: hasAddon ? 'addon' : 'collect' });
    assert.deepEqual(traced.records, plain.records, `"${r.construct}": the instrumented sample behaved differently`);
    if (!hasAddon || !traced.tracing.session) return;
    assert.equal(traced.tracing.session.rejected, 0, traced.tracing.session.lastRejection);
    const trace = traced.tracing.traceReply().text;
    if (r.section === 'Built-ins') {
      const name = r.construct.split(' ')[0];
      const seen = trace.includes(`{"builtin":"${name}"}`) || trace.includes(`{"builtin":"${name}","callbacks":[`);
      assert.equal(seen ? 'yes' : 'no', r.traced, `"${r.construct}": builtin target ${seen ? 'found' : 'not found'} in ${trace}`);
    } else if (r.traced === 'yes') {
      assert.doesNotMatch(trace, /"reason":"unsupported: /, `"${r.construct}" is marked traced but its trace has an unsupported unknown`);
    }
    if (r.traced === 'yes' && program.main_function !== null) {
      // Run as native code would, the trace gives Node.js's answer (host values aside); also
      // for a program left to Node.js for good (module writes): its trace must still be exact.
      const native = interpretTrace(trace, [P]);
      // The reference interpreter has no network: a host value's row may stop at the first
      // promise of fetch (native code suspends on it; the compiled column measures that).
      const hostPromise = /host value/.test(r.construct) && native.fallbackAt === 0 && /await of a promise|thenable|not a settled promise/.test(native.reason);
      if (!hostPromise) assert.equal(native.fallbackAt, 1, `"${r.construct}" is traced but its trace falls back: ${native.reason}`);
      if (!/host value/.test(r.construct)) assert.equal(compareInterpreted(native, plain), undefined, r.construct);
    }
  });
}
