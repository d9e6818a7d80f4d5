// A compiler killed while rustc runs takes rustc with it (rustc sits in a process group of its own).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');

/** [{pid, ppid, args}] of live processes whose arguments mention `needle`. */
function live(needle) {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(l))
    .filter((m) => m && !m[3].startsWith('Z') && m[4].includes(needle) && !m[4].startsWith('ps '))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4] }));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('SIGKILL to the compiler during rustc leaves no rustc behind', async () => {
  assert.ok(fs.existsSync(COMPILER), `${COMPILER} is missing: run make build`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-orphan-'));
  try {
    // A long straight-line action: its handler takes rustc several seconds.
    const line = '  x = x + "I took the one less traveled by, and that has made all the difference.";\n';
    fs.writeFileSync(path.join(dir, 'action.js'), `function main(a) { var x = "";\n${line.repeat(3000)}  return { n: x.length };\n}\n`);
    fs.writeFileSync(path.join(dir, 'inputs.jsonl'), '{}\n');
    execFileSync(path.join(ROOT, 'bin', 'containerless'), ['trace', path.join(dir, 'action.js'), path.join(dir, 'inputs.jsonl'), '-o', path.join(dir, 'trace.json')], {
      stdio: 'ignore',
    });
    const compiler = spawn(COMPILER, [path.join(dir, 'trace.json'), '-o', path.join(dir, 'h.so'), '--cache-dir', path.join(dir, 'cache')], {
      stdio: 'ignore',
      env: { ...process.env, TMPDIR: dir },
    });
    const exited = new Promise((resolve) => compiler.once('exit', resolve));
    let rustc = [];
    for (let waited = 0; rustc.length === 0; waited += 20) {
      assert.ok(waited < 30000, 'rustc did not start within 30 s');
      await sleep(20);
      rustc = live(dir).filter((p) => p.ppid === compiler.pid && /rustc/.test(p.args));
    }
    compiler.kill('SIGKILL');
    await exited;
    // rustc must die with its parent; without that it went on compiling, orphaned, for seconds.
    for (let waited = 0; ; waited += 50) {
      const left = live(dir).filter((p) => rustc.some((r) => r.pid === p.pid));
      if (left.length === 0) break;
      assert.ok(waited < 1000, `rustc outlived the compiler: ${JSON.stringify(left)}`);
      await sleep(50);
    }
  } finally {
    for (const p of live(dir)) process.kill(p.pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
