// Runs the whole protocol suite (tests/protocol/) against `serve --engine node --trace`: tracing must not change one byte of the protocol.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { test } = require('node:test');

const REPO = path.resolve(__dirname, '..', '..');
const SUITE = path.join(REPO, 'tests', 'protocol');

/**
 * A copy of the suite whose harness starts the engine with --trace. The copy lives outside the
 * repository (so `make test` does not find it twice) and points its REPO back here.
 */
function tracedCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-protocol-trace-'));
  const dest = path.join(dir, 'tests', 'protocol');
  fs.cpSync(SUITE, dest, { recursive: true });
  fs.cpSync(path.join(REPO, 'tests', 'actions'), path.join(dir, 'tests', 'actions'), { recursive: true });
  const harness = path.join(dest, 'harness.js');
  let text = fs.readFileSync(harness, 'utf8');
  const patches = [
    [/const REPO = path\.resolve\(__dirname, '\.\.', '\.\.'\);/, `const REPO = ${JSON.stringify(REPO)};`],
    [/\['serve', '--engine', 'node', /, "['serve', '--engine', 'node', '--trace', "],
  ];
  for (const [pattern, replacement] of patches) {
    assert.match(text, pattern, `tests/protocol/harness.js changed: cannot find ${pattern} to run the suite with --trace`);
    text = text.replace(pattern, replacement);
  }
  fs.writeFileSync(harness, text);
  return { dir, dest };
}


test('the protocol suite passes with --trace', { skip: !fs.existsSync(SUITE) && 'no protocol suite', timeout: 300_000 }, async (t) => {
  const { dir, dest } = tracedCopy();
  try {
    const files = fs.readdirSync(dest).filter((f) => f.endsWith('.test.js')).map((f) => path.join(dest, f));
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // a child `node --test` of its own, not a subtest of this runner
    const result = await new Promise((resolve) => {
      execFile(process.execPath, ['--test', ...files], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? error.code : 0, stdout, stderr });
      });
    });
    const failing = result.stdout.split('\n').filter((l) => /^not ok|^\s+not ok/.test(l));
    assert.equal(result.code, 0, `the protocol suite failed with --trace:\n${failing.join('\n')}\n${result.stdout.slice(-3000)}`);
    const passed = /^# pass (\d+)$/m.exec(result.stdout);
    assert.ok(passed && Number(passed[1]) > 20, `the protocol suite ran too few tests: ${passed && passed[1]}`);
    t.diagnostic(`${passed[1]} protocol tests passed with --trace`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
