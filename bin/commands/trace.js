// `containerless trace`: runs an action in the Node engine with tracing over a file of inputs and writes its trace tree.
'use strict';

const fs = require('node:fs');
const { parseOptions, UsageError } = require('./options');
const path = require('node:path');

const HELP = `Usage: containerless trace ACTION.js INPUTS.jsonl -o TRACE.json [--main NAME] [--program PROGRAM.json]

Runs a text action in the Node engine with tracing (as "serve --trace" does), once per line of
INPUTS.jsonl (each line one JSON object: the activation's parameters; blank lines are skipped),
and writes the trace tree (docs/trace-ir.md) to TRACE.json.

stdout carries one line per input: the JSON body the engine answered /run with (the action's
result, or {"error": ...}). The action's own console output goes to stderr.

Options:
  -o, --output FILE     Where to write the trace document (required).
  --main NAME           The action's entry point. Default: main.
  --program FILE        Also write the normalized program (trace-ir.md section 7) there.
  -h, --help            Show this help.

Exit status: 0 when the trace was written; 1 when the action cannot be read, initialised or
instrumented, or the trace cannot be written; 2 on a usage error or a bad input line.
`;

class TraceCommandError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'TraceCommandError';
    this.exitCode = exitCode;
  }
}

const TRACE_OPTIONS = { '-o': 'output', '--output': 'output', '--main': 'main', '--program': 'program' };

function parseTraceArgs(argv) {
  let parsed;
  try {
    parsed = parseOptions(argv, TRACE_OPTIONS, { command: 'trace', positionals: true });
  } catch (error) {
    if (error instanceof UsageError) throw new TraceCommandError(error.message, 2);
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const opts = { main: 'main', output: undefined, program: undefined, ...parsed.options, files: parsed.positionals };
  if (opts.files.length !== 2) throw new TraceCommandError('expected ACTION.js and INPUTS.jsonl', 2);
  if (opts.output === undefined) throw new TraceCommandError('-o TRACE.json is required', 2);
  return opts;
}

function readFile(file, what) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new TraceCommandError(`cannot read the ${what} ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
}

/** Parses INPUTS.jsonl: one JSON object per non-blank line; an error names the line. */
function parseInputs(text, file) {
  const inputs = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new TraceCommandError(`${file}:${i + 1}: not JSON (${error.message})`, 2);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TraceCommandError(`${file}:${i + 1}: expected a JSON object of parameters, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`, 2);
    }
    inputs.push(value);
  });
  return inputs;
}

/**
 * Sends everything the process writes to stdout to stderr instead (the action's logs), drops the
 * engine's end-of-activation sentinels, and returns a writer for the real stdout.
 */
function redirectOutput(sentinel) {
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const filtered = (chunk, ...rest) => {
    if (chunk === sentinel) {
      const cb = rest.find((r) => typeof r === 'function');
      if (cb) process.nextTick(cb);
      return true;
    }
    return stderrWrite(chunk, ...rest);
  };
  process.stdout.write = filtered;
  process.stderr.write = filtered;
  return (text) => stdoutWrite(text);
}

async function traceCommand(argv) {
  const opts = parseTraceArgs(argv);
  const code = readFile(opts.files[0], 'action');
  const inputs = parseInputs(readFile(opts.files[1], 'inputs'), opts.files[1]);

  const { loadRecorderClass, Tracing } = require('../../proxy/trace/tracing');
  const { reason } = loadRecorderClass();
  if (reason) throw new TraceCommandError(`${reason}; build it with "make build"`);
  const { ActionService, SENTINEL } = require('../../proxy/service');
  const { loadSerializeError } = require('../../proxy/errors');
  await loadSerializeError();
  const tracing = new Tracing();
  const service = new ActionService({ tracing });
  // As the engine does (proxy/engine.js): an error thrown outside main's promise fails the activation.
  const onError = (error) => {
    console.error('Uncaught', error);
    service.failLoneActivation(error);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);

  const writeResult = redirectOutput(SENTINEL);
  const init = await service.init({ value: { code, main: opts.main } });
  if (init.status !== 200) throw new TraceCommandError(`the action failed to initialise: ${String(init.body.error).split('\n')[0]}`);
  if (!tracing.session) throw new TraceCommandError(`no trace: ${tracing.reason}`);
  for (const params of inputs) {
    const reply = await service.run({ value: params });
    writeResult(`${JSON.stringify(reply.body)}\n`);
  }
  const trace = tracing.traceReply();
  if (trace.status !== 200) throw new TraceCommandError(trace.json.error);
  writeFile(opts.output, `${trace.text}\n`);
  if (opts.program !== undefined) writeFile(opts.program, `${JSON.stringify(tracing.session.program, null, 2)}\n`);
  const { rejected, lastRejection } = tracing.session;
  if (rejected > 0) console.error(`containerless trace: ${rejected} event list(s) were not merged; the last because: ${lastRejection}`);
  service.cleanup();
}

function writeFile(file, text) {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new TraceCommandError(`cannot write ${file}: ${error.message}`);
  }
}

async function main(argv) {
  try {
    await traceCommand(argv);
    process.exit(0);
  } catch (error) {
    if (!(error instanceof TraceCommandError)) throw error;
    process.stderr.write(`containerless trace: ${error.message}\n`);
    if (error.exitCode === 2) process.stderr.write(`\n${HELP}`);
    process.exit(error.exitCode);
  }
}

module.exports = {
  summary: 'Run an action over a file of inputs with tracing and write its trace tree.',
  help: HELP,
  main,
  parseInputs,
  TraceCommandError,
};
