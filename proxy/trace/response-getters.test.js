// Tests of builtins.js's safe getters: a method called on a Response's url, status or statusText (`r.url.slice(n)`) is traced as the built-in it is, not as an opaque callee.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const BIN = path.join(__dirname, '..', '..', 'bin', 'containerless');

test('response getters: r.url.slice(), r.statusText.toLowerCase(), r.status.toFixed() name their built-ins', () => {
  // (A data: URL: fetch answers it without a network; its Response has the same getters.)
  const code = `async function main(a) {
  const r = await fetch('data:text/plain,hi');
  return { u: r.url.slice(0, 5), t: r.statusText.toLowerCase(), s: r.status.toFixed(1), body: await r.text() };
}
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-response-getters-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.js'), code);
    fs.writeFileSync(path.join(dir, 'in.jsonl'), '{}\n{}\n');
    execFileSync(process.execPath, [BIN, 'trace', path.join(dir, 'a.js'), path.join(dir, 'in.jsonl'), '-o', path.join(dir, 't.json')], { stdio: 'pipe' });
    const t = JSON.parse(fs.readFileSync(path.join(dir, 't.json'), 'utf8'));
    const targets = [];
    (function walk(o) {
      if (Array.isArray(o)) return o.forEach(walk);
      if (!o || typeof o !== 'object') return;
      if (o.s === 'call') targets.push(...(o.targets || []).map((x) => x.builtin || JSON.stringify(x)));
      for (const v of Object.values(o)) walk(v);
    })(t.main);
    for (const name of ['String.prototype.slice', 'String.prototype.toLowerCase', 'Number.prototype.toFixed']) {
      assert.ok(targets.includes(name), `${name} not among the traced targets: ${JSON.stringify(targets)}`);
    }
    assert.ok(!targets.some((x) => x.includes('opaque')), JSON.stringify(targets));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
