// `containerless compile`: compiles a trace into a native handler by running the C++ compiler (compiler/).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
const DEFAULT_BINARY = path.join(ROOT, 'build', 'compiler', 'containerless-compile');

const HELP = `Usage: containerless compile TRACE.json -o HANDLER.so [--emit-rust DIR] [--cache-dir DIR]
                             [--runtime-dir DIR] [--opt-level N] [--timeout SECONDS]
                             [--merge-with OLD.json] [--trace-out FILE] [-v]

Compiles a trace tree (docs/trace-ir.md; "containerless trace" writes one) into a native handler:
a shared library with the entry point of docs/handler-abi.md, generated as safe Rust and built
by rustc against the runtime crate (compiler/runtime). This runs build/compiler/containerless-compile.

Options:
  -o HANDLER.so       Where to write the handler. Without -o, --emit-rust is required and only
                      the Rust source is written.
  --emit-rust DIR     Also write the generated crate (handler.rs, lib.rs) into DIR.
  --cache-dir DIR     Content-addressed handler cache (default: $CONTAINERLESS_CACHE_DIR). A hit
                      skips rustc.
  --runtime-dir DIR   The runtime crate's directory (default: $CONTAINERLESS_RUNTIME_DIR, else
                      compiler/runtime of this tree).
  --opt-level N       rustc's -C opt-level (default chosen by measurement, docs/compiler.md).
  --timeout SECONDS   Stop rustc after this long (default: 120).
  --merge-with OLD.json
                      Merge the trace with an earlier trace of the same program first (the
                      runtime compiles a handler's trace merged with the new one).
  --trace-out FILE    Write the trace that is compiled (after any merge) to FILE.
  -v, --verbose       Progress on stderr.
  -h, --help          Show this help.

Environment: CONTAINERLESS_COMPILER (the compiler binary to run), RUSTC, CONTAINERLESS_CACHE_DIR,
CONTAINERLESS_RUNTIME_DIR.

Exit status: 0 written; 1 the compiler is not built; 2 usage error; 3 invalid trace (the message
gives its location); 4 the trace must stay in Node.js; 5 rustc failed or the runtime crate is not
built; 6 a file could not be read or written; 70 internal error.
`;

function compilerBinary() {
  return process.env.CONTAINERLESS_COMPILER || DEFAULT_BINARY;
}

function compile(argv) {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const binary = compilerBinary();
  if (!fs.existsSync(binary)) {
    process.stderr.write(
      `containerless: the compiler is not built (no ${binary}).\n` +
        'Build it with "make build" (or scripts/build.sh), which also builds the runtime crate.\n'
    );
    process.exit(1);
  }
  // The compiler does its own argument checking and messages; this only hands over.
  const result = spawnSync(binary, argv, { stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`containerless: cannot run ${binary}: ${result.error.message}\n`);
    process.exit(1);
  }
  if (result.signal) {
    process.stderr.write(`containerless: the compiler was killed by ${result.signal}\n`);
    process.exit(70);
  }
  process.exit(result.status);
}

module.exports = {
  summary: 'Compile a trace into a native handler (.so) through Rust.',
  help: HELP,
  main: compile,
};
