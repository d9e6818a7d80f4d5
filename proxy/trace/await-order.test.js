// Tests of instrument.js's await hooks: H.ar is the innermost wrapper of an await expression, so hooks around it (a call's last argument, a decision, an operand type) record into the resumed invocation's list.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { instrument } = require('./instrument');

const BIN = path.join(__dirname, '..', '..', 'bin', 'containerless');

// The call sites of a trace tree: [site, [target names]].
function callTargets(tree) {
  const out = [];
  const walk = (o) => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== 'object') return;
    if (o.s === 'call') out.push([o.site, (o.targets || []).map((t) => t.builtin || (t.function !== undefined ? `function ${t.function}` : JSON.stringify(t)))]);
    for (const v of Object.values(o)) walk(v);
  };
  walk(tree);
  return out;
}

function trace(code, inputs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-await-order-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.js'), code);
    fs.writeFileSync(path.join(dir, 'in.jsonl'), inputs.map((x) => JSON.stringify(x)).join('\n') + '\n');
    execFileSync(process.execPath, [BIN, 'trace', path.join(dir, 'a.js'), path.join(dir, 'in.jsonl'), '-o', path.join(dir, 't.json')], { stdio: 'pipe' });
    return JSON.parse(fs.readFileSync(path.join(dir, 't.json'), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('await order: the last argument of a call, awaited, is hooked outside H.ar', () => {
  const code = 'async function main(a) {\n  const got = [];\n  got.push(await a.x);\n  return { got };\n}\n';
  const { code: out } = instrument(code);
  const line = out.split('\n')[2];
  assert.ok(line.indexOf('.cm(') < line.indexOf('.ar('), line);
});

test('await order: `xs.push(await f(x))` and `if (await f(x))` record their events after the resume', () => {
  const code = `async function main(a) {
  const get = async (p) => {
    return p + 1;
  };
  const got = [];
  for (const id of a.ids) got.push(await get(id));
  if (await get(a.ids.length)) got.push(0);
  return { got };
}
`;
  const t = trace(code, [{ ids: [1, 2] }, { ids: [3] }]);
  const sites = callTargets(t.main);
  const push = sites.filter(([, targets]) => targets.includes('Array.prototype.push'));
  // Both pushes: the one after the await in its argument (it had no target before the fix) and the one in the if.
  assert.equal(push.length, 2, JSON.stringify(sites));
  for (const [site, targets] of sites) assert.ok(targets.length > 0, `call site ${site} has no target: ${JSON.stringify(sites)}`);
  const ifs = [];
  (function walk(o) {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== 'object') return;
    if (o.s === 'if' && o.taken) ifs.push(o.taken);
    for (const v of Object.values(o)) walk(v);
  })(t.main);
  assert.ok(ifs.some((taken) => taken[0] === 2), `the decision after an await was not counted: ${JSON.stringify(ifs)}`);
});
