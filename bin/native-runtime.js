// Launches the native runtime (build/actionloop/containerless-runtime) as a child, for `node bin/containerless serve --engine auto|native`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO = path.resolve(__dirname, '..');

/** Where the runtime executable is: $CONTAINERLESS_RUNTIME, else the build tree of this checkout. */
function runtimePath() {
  return process.env.CONTAINERLESS_RUNTIME || path.join(REPO, 'build', 'actionloop', 'containerless-runtime');
}

/** Why `file` cannot be run as the runtime ("no such file", "is a directory", "not executable"), or undefined. */
function runtimeProblem(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'no such file' : error.message;
  }
  if (stat.isDirectory()) return 'is a directory';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'not executable';
  }
  return stat.isFile() ? undefined : 'not a regular file';
}

/**
 * Runs the runtime with `args` as this process's stand-in: stdio inherited (the activation logs),
 * SIGTERM and SIGINT passed on, and this process exiting with the runtime's status. Node.js cannot
 * exec(2), so this wrapper stays resident: only `node bin/containerless serve` comes here; the
 * command itself (`bin/containerless serve`, its sh front) execs the runtime instead.
 */
function runNativeRuntime(args) {
  const file = runtimePath();
  const problem = runtimeProblem(file);
  if (problem !== undefined && process.env.CONTAINERLESS_RUNTIME) {
    // A bad setting: a usage error, naming the variable and the path as given.
    process.stderr.write(`containerless: CONTAINERLESS_RUNTIME=${file}: ${problem}\n`);
    process.exit(2);
  }
  if (problem !== undefined) {
    process.stderr.write(
      `containerless: the native runtime is not built (${file}: ${problem}).\n` +
        'Build it with "make build" (or scripts/build.sh), or use --engine node.\n'
    );
    process.exit(1);
  }
  // --exit-with-parent: if this wrapper is killed outright, the runtime gets SIGTERM and stops
  // its own children, instead of serving on as an orphan.
  const child = spawn(file, ['--repo', REPO, '--exit-with-parent', ...args], { stdio: 'inherit' });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGINT', () => forward('SIGINT'));
  child.on('error', (error) => {
    process.stderr.write(`containerless: cannot start ${file}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code !== null ? code : signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
  });
}

module.exports = { runNativeRuntime, runtimePath, runtimeProblem };
