// The realistic-action corpus (tests/trace/actions) traced, compiled and run natively on inputs it was not trained on: identical to Node.js or aborted.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { spawnSync } = require('node:child_process');
const { prng } = require('../../tests/trace/lib');
const generators = require('../../tests/trace/actions/inputs');

const { ROOT, CLI, COMPILER, RUNNER, skip } = require('./built');

const ACTIONS = path.join(ROOT, 'tests', 'trace', 'actions');
const TRAIN = { seed: 20261127, count: 60 };
const HELD_OUT = { seed: 4242, count: 60 };


// Runs main over the inputs in one loaded action, as the Node engine does for a warm container,
// and records per activation the /run reply body (proxy/service.js) and what it wrote.
const REFERENCE = `
const fs = require('node:fs');
const { loadAction } = require(${JSON.stringify(path.join(ROOT, 'proxy', 'loader.js'))});
const [codeFile, inputsFile, outFile] = process.argv.slice(2);
let out = '';
let err = '';
const grab = (append) => (chunk, encoding, cb) => {
  append(String(chunk));
  const done = typeof encoding === 'function' ? encoding : cb;
  if (typeof done === 'function') process.nextTick(done);
  return true;
};
process.stdout.write = grab((s) => { out += s; });
process.stderr.write = grab((s) => { err += s; });
(async () => {
  const inputs = fs.readFileSync(inputsFile, 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l));
  const loaded = await loadAction({ code: fs.readFileSync(codeFile, 'utf8'), main: 'main' }, {});
  const records = [];
  for (const input of inputs) {
    out = '';
    err = '';
    let record;
    try {
      let value;
      try {
        value = await loaded.main(input);
      } catch (error) {
        if (error instanceof Error || typeof error !== 'object') throw error;
        value = { error };
      }
      if (value === undefined) value = {};
      record = typeof value === 'object' ? { body: JSON.stringify(value) } : { failed: 'not a dictionary' };
    } catch (error) {
      record = { failed: String(error && error.message) };
    }
    records.push({ ...record, out, err });
  }
  fs.writeFileSync(outFile, JSON.stringify(records));
})();
`;

function inputsFor(name, { seed, count }) {
  const r = prng(seed);
  // Through JSON, as activations arrive: both engines then see the same arguments.
  return Array.from({ length: count }, () => JSON.stringify(generators[name](r)));
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000, ...opts });
}

const actions = fs
  .readdirSync(ACTIONS)
  .filter((f) => f.endsWith('.js') && f !== 'inputs.js')
  .map((f) => f.replace(/\.js$/, ''))
  .filter((name) => typeof generators[name] === 'function')
  .sort();

test('the corpus compiled: every native answer is the one Node.js gives, or an abort', { skip }, (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clc-corpus-'));
  const totals = { identical: 0, aborted: 0, demoted: 0, node: 0, different: 0 };
  const differences = [];
  try {
    fs.writeFileSync(path.join(dir, 'reference.js'), REFERENCE);
    for (const name of actions) {
      const code = path.join(ACTIONS, `${name}.js`);
      const train = path.join(dir, `${name}.train.jsonl`);
      const heldOut = path.join(dir, `${name}.test.jsonl`);
      const trace = path.join(dir, `${name}.trace.json`);
      const so = path.join(dir, `${name}.so`);
      fs.writeFileSync(train, inputsFor(name, TRAIN).join('\n') + '\n');
      const tests = inputsFor(name, HELD_OUT);
      fs.writeFileSync(heldOut, tests.join('\n') + '\n');

      const traced = run(process.execPath, [CLI, 'trace', code, train, '-o', trace]);
      assert.equal(traced.status, 0, `${name}: containerless trace failed: ${traced.stderr.slice(-2000)}`);
      const compiled = run(COMPILER, [trace, '-o', so]);
      const counts = { identical: 0, aborted: 0, demoted: 0, node: 0, different: 0 };
      let outcomes;
      if (compiled.status === 4) {
        counts.node = tests.length; // valid, but stays in Node.js (module writes, not compilable)
      } else {
        assert.equal(compiled.status, 0, `${name}: containerless-compile failed:\n${compiled.stderr.slice(-4000)}`);
        const ran = run(RUNNER, [so], { input: tests.join('\n') + '\n' });
        if (ran.status === 4) counts.aborted = tests.length; // the module's own code aborted
        else {
          assert.equal(ran.status, 0, `${name}: run-handler: ${ran.stderr}`);
          outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l));
          assert.equal(outcomes.length, tests.length);
        }
      }
      if (outcomes) {
        const refFile = path.join(dir, `${name}.reference.json`);
        const ref = run(process.execPath, [path.join(dir, 'reference.js'), code, heldOut, refFile]);
        assert.equal(ref.status, 0, `${name}: reference run: ${ref.stderr}`);
        const node = JSON.parse(fs.readFileSync(refFile, 'utf8'));
        let demoted = false;
        for (let i = 0; i < tests.length; i++) {
          const native = outcomes[i];
          if (demoted) {
            counts.demoted++; // after a module-state abort the runtime keeps the action in Node.js
            continue;
          }
          if (native.status === 'aborted') {
            counts.aborted++;
            if (native.abort.reason === 'module-state') demoted = true;
            continue;
          }
          const out = native.logs.filter(([s]) => s === 'stdout').map(([, x]) => `${x}\n`).join('');
          const err = native.logs.filter(([s]) => s === 'stderr').map(([, x]) => `${x}\n`).join('');
          const same = node[i].body !== undefined && native.body === node[i].body && out === node[i].out && err === node[i].err;
          if (same) counts.identical++;
          else {
            counts.different++;
            differences.push(`${name} input ${tests[i]}\n  node:   ${JSON.stringify(node[i])}\n  native: ${JSON.stringify({ body: native.body, out, err })}`);
          }
        }
      }
      t.diagnostic(`${name.padEnd(16)} ${counts.identical} identical, ${counts.aborted} aborted, ${counts.demoted} after module-state, ${counts.node} in Node.js, ${counts.different} different`);
      for (const k of Object.keys(totals)) totals[k] += counts[k];
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  t.diagnostic(`corpus: ${actions.length} actions, ${JSON.stringify(totals)}`);
  assert.deepEqual(differences, [], 'native answers that differ from Node.js');
  assert.ok(totals.identical > 0, 'nothing was answered natively');
});
