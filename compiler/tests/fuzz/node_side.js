// The differential fuzzer's Node.js side: generates the programs, traces each on its training inputs and records Node's answers, all in this one process.
'use strict';

// Usage: node node_side.js SEED FIRST COUNT TRAIN FRESH OUTDIR
// Writes OUTDIR/traces/K.json (the trace of program K after its training inputs) and
// OUTDIR/node.json: one entry per program {k, code, inputs, train, traced, reason, node}, where
// `node` has one record per input {status, body, logs} from a plain (uninstrumented) instance.
// Everything goes through proxy/service.js, as the Node engine answers /run.

const fs = require('node:fs');
const path = require('node:path');
const { prng } = require('../../../tests/trace/lib');
const { generateProgram, generateInput } = require('../../../tests/trace/generator');
const { generateClosureProgram } = require('./closure_gen');
const { parseAction } = require('../../../proxy/trace/normalize');
const { ActionService, SENTINEL } = require('../../../proxy/service');
const { Tracing } = require('../../../proxy/trace/tracing');
const { loadSerializeError } = require('../../../proxy/errors');

/** Program K's own generator: any program can be regenerated alone from (seed, k). */
function programRandom(seed, k) {
  return prng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0);
}

/** Program K's source and its inputs as JSON text (both engines see JSON, as /run delivers it). */
function makeProgram(seed, k, train, fresh) {
  const r = programRandom(seed, k);
  // FUZZ_GEN=closures: programs of closures over consts and array callbacks (closure_gen.js).
  const code = process.env.FUZZ_GEN === 'closures' ? generateClosureProgram(r) : generateProgram(r);
  const inputs = Array.from({ length: train + fresh }, () => JSON.stringify(generateInput(r)));
  return { code, inputs };
}

// Every write of the actions (console.*) and of the service (sentinels, its own errors) lands
// here as [stream, chunk]: the native logs carry the order across both streams, so Node's must too.
let chunks = [];
function captureStreams() {
  const grab = (stream) => (chunk, encoding, cb) => {
    if (chunk !== SENTINEL) chunks.push([stream, String(chunk)]);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
  process.stdout.write = grab('stdout');
  process.stderr.write = grab('stderr');
}

function take() {
  const c = chunks;
  chunks = [];
  return c;
}

/** The reply's status and body text exactly as proxy/server.js's send() makes them. */
function replyText({ status, body }) {
  let text;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    return { status: 500, body: JSON.stringify({ error: 'Internal error.' }) };
  }
  if (text === undefined) return { status: 502, body: JSON.stringify({ error: 'The action did not return a dictionary.' }) };
  return { status, body: text };
}

/**
 * Traces `code` on its first `train` inputs (JSON texts) into OUTDIR/traces/K.json, then answers
 * every input from a plain instance, as a warm container would. Fills `entry`'s traced, reason
 * and node ({status, body, logs} per input) and returns it.
 */
async function traceThenAnswer(entry, code, inputs, train, outDir) {
  // Training: an instrumented instance, as the engine traces /run before a handler exists.
  const tracing = new Tracing();
  const traced = new ActionService({ tracing });
  const init = await traced.init({ value: { code, main: 'main' } });
  if (init.status === 200 && tracing.session) {
    for (let i = 0; i < train; i++) await traced.run({ value: JSON.parse(inputs[i]) });
    const reply = tracing.traceReply();
    if (reply.status === 200) {
      fs.writeFileSync(path.join(outDir, 'traces', `${entry.k}.json`), reply.text);
      entry.traced = true;
    } else entry.reason = `no trace: ${reply.json.error}`;
    tracing.stop();
  } else entry.reason = init.status === 200 ? `not traced: ${tracing.reason}` : 'init failed';
  traced.cleanup();
  take();
  // The reference: a plain instance answering every input in order.
  const plain = new ActionService();
  const plainInit = await plain.init({ value: { code, main: 'main' } });
  take();
  if (plainInit.status !== 200) {
    entry.traced = false;
    entry.reason = 'init failed';
    return entry;
  }
  for (const input of inputs) {
    const reply = await plain.run({ value: JSON.parse(input) });
    entry.node.push({ status: reply.status, ...replyText(reply), logs: take() });
  }
  plain.cleanup();
  return entry;
}

async function runOne(seed, k, train, fresh, outDir) {
  const { code, inputs } = makeProgram(seed, k, train, fresh);
  const entry = { k, code, inputs, train, traced: false, reason: undefined, node: [] };
  try {
    parseAction(code);
  } catch {
    entry.reason = 'invalid'; // the generator wrote an early error it does not model
    return entry;
  }
  return traceThenAnswer(entry, code, inputs, train, outDir);
}

async function main() {
  const [seed, first, count, train, fresh] = process.argv.slice(2, 7).map(Number);
  const outDir = process.argv[7];
  fs.mkdirSync(path.join(outDir, 'traces'), { recursive: true });
  await loadSerializeError();
  captureStreams();
  // An exception outside main's promise cannot happen in these synchronous programs; if one did,
  // it must not end the batch silently.
  process.on('uncaughtException', (e) => fs.writeSync(2, `node side: uncaught ${e && e.stack}\n`));
  const entries = [];
  for (let k = first; k < first + count; k++) entries.push(await runOne(seed, k, train, fresh, outDir));
  fs.writeFileSync(path.join(outDir, 'node.json'), JSON.stringify(entries));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e) => {
      fs.writeSync(2, `node side: ${e && e.stack}\n`);
      process.exit(1);
    }
  );
}

/**
 * The entry of a test file's Node-side child: when the environment variable `envName` names a work
 * directory, runs `nodeSide(dir)` and exits (0, or 1 with the error on stderr) and returns true;
 * in the test process itself it returns false.
 */
function runAsNodeSide(envName, nodeSide) {
  const dir = process.env[envName];
  if (!dir) return false;
  nodeSide(dir).then(
    () => process.exit(0),
    (e) => {
      require('node:fs').writeSync(2, `node side: ${e && e.stack}\n`);
      process.exit(1);
    }
  );
  return true;
}

/**
 * The Node.js side of the case-list tests (closures.test.js, callback-hosts-right.test.js), in a
 * process of its own: traces and answers each case of DIR/cases.json ({code, inputs, train}) and
 * writes the entries to DIR/node.json.
 */
async function answerCases(dir) {
  await loadSerializeError();
  captureStreams();
  const { cases } = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
  const entries = [];
  for (const [k, c] of cases.entries()) {
    const entry = { k, traced: false, reason: undefined, node: [] };
    entries.push(await traceThenAnswer(entry, c.code, c.inputs, c.train, dir));
  }
  fs.writeFileSync(path.join(dir, 'node.json'), JSON.stringify(entries));
}

module.exports = { makeProgram, captureStreams, traceThenAnswer, runAsNodeSide, answerCases };
