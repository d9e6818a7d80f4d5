// `containerless serve`: runs an OpenWhisk action runtime on HTTP (the native runtime, or the Node engine alone).
'use strict';

const path = require('node:path');
const { parseOptions, UsageError } = require('./options');
// The table and help text the native runtime shares (generated into actionloop/src/serve_options.inc).
const { HELP, MAX_BODY_LIMIT_MB, parseSpec } = require('./serve-options');

function usageError(message, help) {
  process.stderr.write(`containerless: ${message}\n\n${help}`);
  process.exit(2);
}

const SERVE_OPTIONS = parseSpec();

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
    // The runtime's message for PORT (config.cc reads it as every integer setting).
    const text = process.env.PORT;
    if (!/^\d+$/.test(text) || Number(text) > 65535) usageError(`PORT must be an integer from 0 to 65535, got "${text}"`, HELP);
    listen = { port: Number(text), host: opts.host };
  } else {
    listen = { port: 8080, host: opts.host };
  }

  // The environment's settings, with the native runtime's messages and exit status (config.cc).
  const { checkEnvSettings, SettingError } = require('../../proxy/server');
  try {
    checkEnvSettings();
  } catch (error) {
    if (error instanceof SettingError) usageError(error.message, HELP);
    throw error;
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

/**
 * --engine auto|native reached through Node.js (`node bin/containerless serve`; the sh front of
 * bin/containerless execs the runtime instead): checks the options with the runtime's own
 * messages (actionloop/src/config.cc gives the same ones), then runs the runtime as a child.
 */
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
  if (!/^\d+$/.test(String(opts.bodyLimitMb)) || limit < 1 || limit > MAX_BODY_LIMIT_MB) {
    usageError(
      `--body-limit must be a whole number of MiB from 1 to ${MAX_BODY_LIMIT_MB} with --engine ${opts.engine}, got "${opts.bodyLimitMb}"`,
      HELP
    );
  }
  args.push('--body-limit', String(limit));
  require('../native-runtime').runNativeRuntime(args);
}

module.exports = {
  summary: 'Serve the OpenWhisk action protocol (/init, /run) over HTTP.',
  help: HELP,
  main: serve,
};
