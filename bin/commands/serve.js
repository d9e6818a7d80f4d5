// `containerless serve`: runs an OpenWhisk action runtime on HTTP (the Node engine in this build).
'use strict';

const path = require('node:path');

const HELP = `Usage: containerless serve [--engine node] [--port N] [--socket PATH]

Serves POST /init and POST /run exactly as OpenWhisk's stock Node.js runtime does.
The server prints nothing of its own: stdout and stderr carry only the action's log lines
and the end-of-activation sentinels.

Options:
  --engine NAME     Which engine answers activations. One of:
                      node    Node.js only (the stock runtime's behaviour, no tracing).
                    The native engines (auto, native) are not part of this build yet.
                    Default: node.
  --port N          TCP port to listen on (all interfaces). Default: $PORT, else 8080.
  --host ADDR       Address to bind. Default: all interfaces.
  --socket PATH     Listen on a unix socket instead of a TCP port (used by the native runtime).
  --body-limit MB   Largest request body accepted, in MiB. Default: 48 (as the stock runtime).
  -h, --help        Show this help.

Environment:
  PORT                    Port when --port is not given.
  __OW_ALLOW_CONCURRENT   "true" lets /run calls interleave (for actions with concurrency > 1);
                          otherwise a /run during another gets 403 "System not ready, status is running.".
  __OW_API_HOST           Passed through to actions (the stock runtime takes it from its environment).

Exit status: 0 after SIGTERM or SIGINT, 1 when the address cannot be bound, 2 on a usage error.
`;

function usageError(message, help) {
  process.stderr.write(`containerless: ${message}\n\n${help}`);
  process.exit(2);
}

function parseServeArgs(argv) {
  const opts = { engine: 'node', port: undefined, host: undefined, socket: undefined, bodyLimitMb: 48 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = () => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) usageError(`${name} needs a value`, HELP);
      return argv[++i];
    };
    switch (name) {
      case '-h':
      case '--help':
        process.stdout.write(HELP);
        process.exit(0);
        break;
      case '--engine':
        opts.engine = takeValue();
        break;
      case '--port':
        opts.port = takeValue();
        break;
      case '--host':
        opts.host = takeValue();
        break;
      case '--socket':
        opts.socket = takeValue();
        break;
      case '--body-limit':
        opts.bodyLimitMb = takeValue();
        break;
      default:
        usageError(`unknown option for serve: ${arg}`, HELP);
    }
  }
  return opts;
}

function parsePort(text, source) {
  if (!/^\d+$/.test(String(text)) || Number(text) > 65535) {
    usageError(`${source} must be a port number from 0 to 65535, got "${text}"`, HELP);
  }
  return Number(text);
}

async function serve(argv) {
  const opts = parseServeArgs(argv);
  if (opts.engine === 'auto' || opts.engine === 'native') {
    usageError(`engine "${opts.engine}" is not part of this build yet; use --engine node`, HELP);
  } else if (opts.engine !== 'node') {
    usageError(`unknown engine "${opts.engine}" (expected node)`, HELP);
  }
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
    await startEngine({ listen, allowConcurrent, bodyLimit: Math.floor(limit * 1024 * 1024) });
  } catch (error) {
    process.stderr.write(`containerless: ${error.message}\n`);
    process.exit(1);
  }
}

module.exports = {
  summary: 'Serve the OpenWhisk action protocol (/init, /run) over HTTP.',
  help: HELP,
  main: serve,
};
