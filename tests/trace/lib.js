// Shared helpers of the tracing tests: run an action plain or instrumented in-process and record results, logs and errors.
'use strict';

const util = require('node:util');
const { loadAction } = require('../../proxy/loader');
const { Tracing, loadRecorderClass } = require('../../proxy/trace/tracing');

/** A recorder that keeps the event lists (used where the addon is not wanted or not built). */
function collectingRecorder() {
  const lists = { module: undefined, runs: [] };
  return {
    lists,
    mergeModule(events) {
      lists.module = [...events];
    },
    merge(events) {
      lists.runs.push([...events]);
      return false;
    },
  };
}

/**
 * Captures what the process writes to stdout and stderr (console.* writes synchronously through
 * them), so the real console.log stays the built-in the tracer recognises.
 */
function captureOutput() {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let text = '';
  const grab = (stream) => (chunk, encoding, cb) => {
    // console writes strings; the test runner's own reports (binary, written whenever the runner
    // likes, also while an action awaits) go through untouched.
    if (typeof chunk !== 'string') return (stream === 'out' ? out : err).call(stream === 'out' ? process.stdout : process.stderr, chunk, encoding, cb);
    text += `${stream}:${chunk}`;
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
  process.stdout.write = grab('out');
  process.stderr.write = grab('err');
  return {
    take() {
      const t = text;
      text = '';
      return t;
    },
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

/**
 * An error as the comparison sees it: name, message, and the action's stack frames as
 * "function:line", or with `columns` each line as printed (proxy/trace/positions.js gives the
 * instrumented code the original's columns where V8 places errors at tokens; docs/js-support.md).
 */
function describeError(error, { columns = false } = {}) {
  if (!(error instanceof Error)) return { thrown: util.inspect(error) };
  const frames = String(error.stack)
    .split('\n')
    .filter((line) => line.includes('<anonymous>:'))
    .map((line) => {
      if (columns) return line;
      const m = /at (?:(\S+) \()?.*<anonymous>:(\d+):\d+/.exec(line);
      return m ? `${m[1] || '?'}:${m[2]}` : line;
    });
  return { name: error.name, message: error.message, frames };
}

/**
 * Loads `code` (plain, or instrumented when `traced`) through the engine's loader and runs it on
 * each input in order (a deep copy each time). Resolves to {records, tracing}: one record per
 * input {result | error, logs}, or {initError, logs} as the only record when loading fails.
 */
async function runAction(code, inputs, { traced = false, recorder = 'collect', main = 'main', columns = false } = {}) {
  const capture = captureOutput();
  const records = [];
  let tracing;
  let collector;
  try {
    let loaded;
    try {
      if (traced) {
        if (recorder === 'collect') {
          collector = collectingRecorder();
          tracing = new Tracing({ makeRecorder: () => collector });
        } else {
          tracing = new Tracing();
        }
        loaded = await tracing.load({ code, main }, (m) => loadAction(m, {}));
      } else {
        loaded = await loadAction({ code, main }, {});
      }
    } catch (error) {
      records.push({ initError: describeError(error, { columns }), logs: capture.take() });
      return { records, tracing, collector };
    }
    for (const input of inputs) {
      const activation = tracing ? tracing.activation() : undefined;
      const record = {};
      try {
        const args = structuredClone(input);
        // As proxy/service.js does: enter the activation, then a method call of main.
        if (activation) activation.enter();
        const value = await loaded.main(args);
        record.result = util.inspect(value, { depth: Infinity, showHidden: false });
      } catch (error) {
        record.error = describeError(error, { columns });
      } finally {
        if (activation) activation.end();
      }
      record.logs = capture.take();
      records.push(record);
    }
    if (tracing && tracing.session) tracing.session.flush();
    return { records, tracing, collector };
  } finally {
    capture.stop();
  }
}

/**
 * Runs the normalized program of `code` with the reference interpreter (interpreter.js) on each
 * input in order, as native code would: {records, fallbackAt}. Records are comparable with
 * runAction's up to fallbackAt (the first input that reached an `unknown`), after which the
 * module state of the two runs may differ.
 */
function interpretAction(code, inputs) {
  const { normalizeProgram } = require('../../proxy/trace/normalize');
  const { Interpreter } = require('./interpreter');
  return runInterpreter(new Interpreter(normalizeProgram(code).program), inputs);
}

/**
 * Runs a trace document (the addon's serialize() text) with the reference trace interpreter on
 * each input in order, as the native code compiled from it would: {records, fallbackAt}, as
 * interpretAction gives.
 */
function interpretTrace(traceText, inputs) {
  const { TraceInterpreter } = require('./interpreter');
  return runInterpreter(new TraceInterpreter(JSON.parse(traceText)), inputs);
}

/** Loads an interpreter (program or trace) and calls it on each input until the first fallback. */
function runInterpreter(interp, inputs) {
  const { Fallback } = require('./interpreter');
  const capture = captureOutput();
  const records = [];
  try {
    try {
      interp.load();
    } catch (error) {
      return { records, fallbackAt: 0, loadError: error };
    }
    for (let i = 0; i < inputs.length; i++) {
      const record = {};
      try {
        record.result = util.inspect(interp.call(structuredClone(inputs[i])), { depth: Infinity, showHidden: false });
      } catch (error) {
        if (error instanceof Fallback) {
          capture.take();
          return { records, fallbackAt: i, reason: error.message };
        }
        record.error = error instanceof Error ? { name: error.name, message: error.message } : { thrown: util.inspect(error) };
      }
      record.logs = capture.take();
      records.push(record);
    }
    return { records, fallbackAt: inputs.length };
  } finally {
    capture.stop();
  }
}

/**
 * Compares an interpreted run with a plain one, input by input up to the first fallback: the
 * same result or the same error (name and message), and the same logs. Returns a description
 * of the first difference, or undefined.
 */
function compareInterpreted(interpreted, plain) {
  for (let i = 0; i < interpreted.fallbackAt; i++) {
    const a = interpreted.records[i];
    const b = plain.records[i];
    if (!b || b.initError) return `input ${i}: the plain run failed to load`;
    const same =
      a.logs === b.logs &&
      (a.result !== undefined
        ? a.result === b.result
        : b.error !== undefined && (a.error.thrown !== undefined ? a.error.thrown === b.error.thrown : a.error.name === b.error.name && a.error.message === b.error.message));
    if (!same) return `input ${i}: interpreted ${JSON.stringify(a)} but Node.js gave ${JSON.stringify(b)}`;
  }
  return undefined;
}

/** Whether the addon can be loaded here (the golden trace tests need it). */
function addonAvailable() {
  return loadRecorderClass().Recorder !== undefined;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs and programs. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

module.exports = { runAction, interpretAction, interpretTrace, compareInterpreted, collectingRecorder, captureOutput, describeError, addonAvailable, prng };
