// `containerless serve`: runs an OpenWhisk action runtime on HTTP (the native runtime, or the Node engine alone).
'use strict';

const path = require('node:path');
const { parseOptions, UsageError } = require('./options');

const HELP = `Usage: containerless serve [--engine node|auto|native] [--port N] [--socket PATH] [--handler PATH]

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
                    Default: auto.
  --handler PATH    The compiled handler library (.so) that --engine native serves.
  --port N          TCP port to listen on (all interfaces). Default: $PORT, else 8080.
  --host ADDR       Address to bind. Default: all interfaces.
  --socket PATH     Listen on a unix socket instead of a TCP port (used by the native runtime).
  --trace           (--engine node) Instrument text actions at /init and record a trace tree of
                    every /run (docs/trace-ir.md); with --socket, also serve the private routes
                    GET /__containerless/trace and POST /__containerless/trace/stop.
  --body-limit MB   Largest request body accepted, in MiB. Default: 48 (as the stock runtime).
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
                                  restarts on demand; no recompilation then). 0 never. Default: 0.
  CONTAINERLESS_LOG_FILE          File for the runtime's own events. Default: none (discarded).
  CONTAINERLESS_NODE              Node.js binary that runs the engine. Default: node.
  CONTAINERLESS_ENGINE_TRACE      1 or 0: start the Node engine with --trace (no trace, no
                                  compilation without it). Default: 1.
  CONTAINERLESS_ENGINE_START_TIMEOUT_MS  How long the Node engine may take to listen. Default: 15000.
  CONTAINERLESS_FUEL, CONTAINERLESS_MEMORY_MB  Limits of a native activation. Default: the handler's.
  CONTAINERLESS_REQUEST_TIMEOUT_MS  A request head not complete by then gets 408. Default: 60000.
  CONTAINERLESS_IDLE_TIMEOUT_MS   An idle keep-alive connection is closed, a stalled body gets 408,
                                  after this. Default: 120000.
  CONTAINERLESS_RUNTIME           The runtime executable. Default: the one in build/actionloop/.

Exit status: 0 after SIGTERM or SIGINT, 1 when the address cannot be bound, 2 on a usage error.
`;

function usageError(message, help) {
  process.stderr.write(`containerless: ${message}\n\n${help}`);
  process.exit(2);
}

const SERVE_OPTIONS = {
  '--engine': 'engine',
  '--port': 'port',
  '--host': 'host',
  '--socket': 'socket',
  '--trace': { key: 'trace', flag: true },
  '--body-limit': 'bodyLimitMb',
  '--handler': 'handler',
};

function parseServeArgs(argv) {
  let parsed;
  try {
    parsed = parseOptions(argv, SERVE_OPTIONS, { command: 'serve' });
  } catch (error) {
    if (error instanceof UsageError) usageError(error.message, HELP);
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  return { engine: 'auto', bodyLimitMb: 48, ...parsed.options };
}

function parsePort(text, source) {
  if (!/^\d+$/.test(String(text)) || Number(text) > 65535) {
    usageError(`${source} must be a port number from 0 to 65535, got "${text}"`, HELP);
  }
  return Number(text);
}

async function serve(argv) {
  const opts = parseServeArgs(argv);
  if (opts.trace && opts.engine !== 'node') usageError('--trace is only for --engine node (auto traces by itself)', HELP);
  if (opts.engine === 'auto' || opts.engine === 'native') {
    serveNative(opts);
    return;
  } else if (opts.engine !== 'node') {
    usageError(`unknown engine "${opts.engine}" (expected node, auto or native)`, HELP);
  }
  if (opts.handler !== undefined) usageError('--handler is only for --engine native', HELP);
  const limit = Number(opts.bodyLimitMb);
  if (!Number.isFinite(limit) || limit <= 0) {
    usageError(`--body-limit must be a positive number of MiB, got "${opts.bodyLimitMb}"`, HELP);
  }
  let listen;
  if (opts.socket !== undefined) {
    if (opts.port !== undefined) usageError('give either --port or --socket, not both', HELP);
    listen = { socket: path.resolve(opts.socket) };
  } else if (opts.port !== undefined) {
    listen = { port: parsePort(opts.port, '--port'), host: opts.host };
  } else if (process.env.PORT !== undefined && process.env.PORT !== '') {
    listen = { port: parsePort(process.env.PORT, 'PORT'), host: opts.host };
  } else {
    listen = { port: 8080, host: opts.host };
  }

  const allowConcurrent = String(process.env.__OW_ALLOW_CONCURRENT || '').toLowerCase() === 'true';
  const { startEngine } = require('../../proxy/engine');
  try {
    await startEngine({ listen, allowConcurrent, bodyLimit: Math.floor(limit * 1024 * 1024), trace: Boolean(opts.trace) });
  } catch (error) {
    process.stderr.write(`containerless: ${error.message}\n`);
    process.exit(1);
  }
}

/** --engine auto|native: checks the options, then runs the native runtime in this process's place. */
function serveNative(opts) {
  if (opts.socket !== undefined) usageError(`--socket is not supported with --engine ${opts.engine}`, HELP);
  if (opts.engine === 'native' && opts.handler === undefined) usageError('--engine native needs --handler PATH', HELP);
  if (opts.engine === 'auto' && opts.handler !== undefined) usageError('--handler is only for --engine native', HELP);
  if (opts.handler !== undefined && !require('node:fs').existsSync(opts.handler)) {
    usageError(`--handler ${opts.handler}: no such file`, HELP);
  }
  const args = ['--engine', opts.engine];
  if (opts.port !== undefined) args.push('--port', String(parsePort(opts.port, '--port')));
  if (opts.host !== undefined) args.push('--host', opts.host);
  if (opts.handler !== undefined) args.push('--handler', path.resolve(opts.handler));
  const limit = Number(opts.bodyLimitMb);
  if (!Number.isInteger(limit) || limit <= 0) {
    usageError(`--body-limit must be a positive whole number of MiB with --engine ${opts.engine}, got "${opts.bodyLimitMb}"`, HELP);
  }
  args.push('--body-limit', String(limit));
  require('../native-runtime').runNativeRuntime(args);
}

module.exports = {
  summary: 'Serve the OpenWhisk action protocol (/init, /run) over HTTP.',
  help: HELP,
  main: serve,
};
