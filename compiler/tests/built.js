// Where the compiler tests find the built tools, and the skip reason when one is missing.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'containerless');
const COMPILER = path.join(ROOT, 'build', 'compiler', 'containerless-compile');
const RUNNER = path.join(ROOT, 'build', 'compiler', 'containerless-run-handler');
const RLIB = path.join(ROOT, 'compiler', 'runtime', 'target', 'release', 'libcontainerless_rt.rlib');

const missing = [COMPILER, RUNNER, RLIB].filter((f) => !fs.existsSync(f));
/** A test's `skip` option: false, or why it cannot run (printed by the test runner). */
const skip = missing.length > 0 && `not built (make build): ${missing.map((f) => path.relative(ROOT, f)).join(', ')}`;

module.exports = { ROOT, CLI, COMPILER, RUNNER, RLIB, skip };
