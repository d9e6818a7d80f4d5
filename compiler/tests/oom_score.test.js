// The compiler, and the rustc it runs, volunteer for the OOM killer (oom_score_adj 1000), so a
// container at its memory limit loses a compile rather than its server or Node engine.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { COMPILER, skip, traceAction } = require('./built');

test('rustc started by the compiler runs with oom_score_adj 1000', { skip }, () => {
  const own = Number(fs.readFileSync('/proc/self/oom_score_adj', 'utf8'));
  assert.notStrictEqual(own, 1000, 'the test runner itself already has the maximum score, so this test could not fail');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-oom-'));
  try {
    const { trace } = traceAction(dir, 'function main(a) { return { n: 1 }; }\n', [{}]);
    // A stand-in rustc that writes down its own score and fails the build.
    const seen = path.join(dir, 'score');
    const fake = path.join(dir, 'rustc');
    fs.writeFileSync(fake, `#!/bin/sh\ncat /proc/self/oom_score_adj > '${seen}'\necho 'stand-in rustc' >&2\nexit 1\n`, { mode: 0o755 });
    const r = spawnSync(COMPILER, [trace, '-o', path.join(dir, 'h.so')], {
      encoding: 'utf8',
      env: { ...process.env, RUSTC: fake, TMPDIR: dir },
    });
    assert.strictEqual(r.status, 5, `the failed build exits 5: ${r.stderr}`);
    assert.match(r.stderr, /stand-in rustc/);
    assert.strictEqual(fs.readFileSync(seen, 'utf8').trim(), '1000');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
