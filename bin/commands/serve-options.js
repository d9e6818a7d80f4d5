// The one table of `containerless serve`'s options and its help text, shared by serve.js and, as generated C++, the native runtime.
//
// `bin/containerless serve` with --engine auto or native is the native runtime itself (the sh
// front of bin/containerless execs build/actionloop/containerless-runtime), which parses the same
// command line and prints the same help; --engine node is this Node.js code. Both read this table:
// serve.js requires it, and the runtime includes actionloop/src/serve_options.inc, written from it:
//
//   node bin/commands/serve-options.js --cxx > actionloop/src/serve_options.inc
//
// bin/commands/serve-options.test.js fails when the two differ, and serve.test.js checks that both
// parsers give the same answers and messages.
'use strict';

/** Each option: the key it sets in the parsed options, and whether it is a flag (takes no value). */
const SERVE_OPTIONS = [
  { name: '--engine', key: 'engine' },
  { name: '--port', key: 'port' },
  { name: '--host', key: 'host' },
  { name: '--socket', key: 'socket' },
  { name: '--trace', key: 'trace', flag: true },
  { name: '--body-limit', key: 'bodyLimitMb' },
  { name: '--handler', key: 'handler' },
];

/** The spec parseOptions (options.js) takes: {'--port': 'port', '--trace': {key, flag: true}}. */
function parseSpec() {
  const spec = {};
  for (const o of SERVE_OPTIONS) spec[o.name] = o.flag ? { key: o.key, flag: true } : o.key;
  return spec;
}

// The largest --body-limit the native runtime takes, in MiB.
const MAX_BODY_LIMIT_MB = 4096;

const HELP = `Usage: containerless serve [--engine node|auto|native] [--port N | --socket PATH] [--host ADDR]
                          [--body-limit MB] [--handler PATH] [--trace]

Serves POST /init and POST /run exactly as OpenWhisk's stock Node.js runtime does.
The server prints nothing of its own: stdout and stderr carry only the action's log lines
and the end-of-activation sentinels.

Options:
  --engine NAME     Which engine answers activations. One of:
                      node    Node.js only (the stock runtime's behaviour, no tracing).
                      auto    the native runtime (actionloop/, built by "make build"): runs the
                              Node engine as a child while tracing, compiles the trace, then
                              answers natively, re-running in Node.js whatever it cannot answer.
                      native  the native runtime without Node.js, serving --handler; an activation
                              the handler cannot answer gets 503 (OpenWhisk re-runs it elsewhere).
                    Default: auto. With auto and native, serve is the native runtime's own process.
  --handler PATH    The compiled handler library (.so) that --engine native serves.
  --port N          TCP port to listen on (all interfaces). Default: $PORT, else 8080.
  --host ADDR       Address to bind. Default: all interfaces.
  --socket PATH     (--engine node) Listen on a unix socket instead of a TCP port (used by the
                    native runtime).
  --trace           (--engine node) Instrument text actions at /init and record a trace tree of
                    every /run (docs/trace-ir.md); with --socket, also serve the private routes
                    GET /__containerless/trace and POST /__containerless/trace/stop.
  --body-limit MB   Largest request body accepted, in MiB (whole numbers up to ${MAX_BODY_LIMIT_MB} with auto
                    and native). Default: 48 (as the stock runtime).
  -h, --help        Show this help.

Environment:
  PORT                    Port when --port is not given.
  __OW_ALLOW_CONCURRENT   "true" lets /run calls interleave (for actions with concurrency > 1);
                          otherwise a /run during another gets 403 "System not ready, status is running.".
  __OW_API_HOST           Passed through to actions (the stock runtime takes it from its environment).

Environment of the native runtime (--engine auto|native; docs/operations.md, "Native runtime"):
  CONTAINERLESS_COMPILE_AFTER     Traced activations before compiling the trace (auto). 0 disables
                                  compilation. Default: 20.
  CONTAINERLESS_COMPILER          The compiler. Default: the containerless-compile built beside
                                  the runtime (build/compiler/).
  CONTAINERLESS_COMPILER_NICE     Nice value of the compiler process, 0-19. Default: 19.
  CONTAINERLESS_DEMOTE_AFTER      Consecutive native aborts after which the action stays in Node.js
                                  for good. 0 never demotes. Default: 10.
  CONTAINERLESS_CACHE_DIR         Handler cache: a server whose /init code has a cached handler
                                  answers natively without starting Node.js. Default: none.
  CONTAINERLESS_SLOWER_AFTER      Native answers measured before a handler slower than Node.js
                                  is demoted. 0 never demotes for speed. Default: 50.
  CONTAINERLESS_ENGINE_IDLE_MS    Once native, stop the Node engine after this long unused (it
                                  restarts on demand; its traces are compiled merged with the handler's). 0 never. Default: 0.
  CONTAINERLESS_LOG_FILE          File for the runtime's own events. Default: none (discarded).
  CONTAINERLESS_NODE              Node.js binary that runs the engine. Default: node.
  CONTAINERLESS_ENGINE_TRACE      1 or 0: start the Node engine with --trace (no trace, no
                                  compilation without it). Default: 1.
  CONTAINERLESS_ENGINE_START_TIMEOUT_MS  How long the Node engine may take to listen. Default: 15000.
  CONTAINERLESS_FUEL, CONTAINERLESS_MEMORY_MB  Limits of a native activation. Default: the handler's.
  CONTAINERLESS_FETCH_MAX_MB      Largest fetch response body a native activation reads. Default: 64.
  CONTAINERLESS_REQUEST_TIMEOUT_MS  A request head not complete by then gets 408. Default: 60000.
  CONTAINERLESS_BODY_TIMEOUT_MS   A whole request not received by then gets 408 (node's
                                  requestTimeout). 0 never. Default: 300000.
  CONTAINERLESS_IDLE_TIMEOUT_MS   An idle keep-alive connection is closed after this.
                                  Default: 120000.
  CONTAINERLESS_ENGINE_STACK_KB   V8 --stack-size of the tracing Node engine. Default: 2952 (3x
                                  V8's), less when RLIMIT_STACK is small; 0 keeps V8's.
  CONTAINERLESS_RUNTIME           The runtime executable. Default: the one in build/actionloop/.

Exit status: 0 after SIGTERM or SIGINT, 1 when the address cannot be bound, 2 on a usage error.
`;

/** The C++ header the native runtime includes (actionloop/src/serve_options.inc). */
function cxx() {
  if (HELP.includes(')CLHELP"')) throw new Error('the help text contains the raw-string delimiter');
  const rows = SERVE_OPTIONS.map((o) => `    {"${o.name}", "${o.key}", ${o.flag ? 'true' : 'false'}},`).join('\n');
  return `// The options and help of \`containerless serve\`, for the native runtime: generated from
// bin/commands/serve-options.js by \`node bin/commands/serve-options.js --cxx\`; do not edit.
#pragma once

// clang-format off
namespace containerless::runtime {

struct ServeOption {
  const char* name;  // "--port"
  const char* key;   // the key serve.js sets ("port", "bodyLimitMb")
  bool flag;         // takes no value
};

inline constexpr ServeOption kServeOptions[] = {
${rows}
};

inline constexpr long long kMaxBodyLimitMb = ${MAX_BODY_LIMIT_MB};

inline constexpr const char kServeHelp[] = R"CLHELP(${HELP})CLHELP";

}  // namespace containerless::runtime
// clang-format on
`;
}

module.exports = { SERVE_OPTIONS, HELP, MAX_BODY_LIMIT_MB, parseSpec, cxx };

if (require.main === module) {
  if (process.argv[2] !== '--cxx') {
    process.stderr.write('usage: node bin/commands/serve-options.js --cxx > actionloop/src/serve_options.inc\n');
    process.exit(2);
  }
  process.stdout.write(cxx());
}
