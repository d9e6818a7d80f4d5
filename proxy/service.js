// The OpenWhisk action protocol of the Node engine: /init and /run state, results, errors and log sentinels.
'use strict';

const os = require('node:os');
const fs = require('node:fs');
const { loadAction } = require('./loader');
const { formatErrorMessage, serializeRejection } = require('./errors');
const { runWithRecord } = require('./replay');
const { SharedStateWatch, SHARED_STATE_HEADER } = require('./shared-state');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';

const Status = Object.freeze({
  ready: 'ready',
  starting: 'starting',
  running: 'running',
  stopped: 'stopped',
});

/** One reply: an HTTP status and a JSON-serializable body. */
function reply(status, body) {
  return { status, body };
}

function errorReply(status, message) {
  return reply(status, { error: message });
}

/**
 * A 403 for a request the engine refuses before any user code runs. The stock runtime also
 * writes "Internal system error: <message>" to stderr, without sentinels, and OpenWhisk's own
 * runtime tests check that line, so it is written here too.
 */
function systemError(message) {
  console.error('Internal system error:', message);
  return errorReply(403, message);
}

/**
 * Writes the end-of-activation sentinels. Written straight to the streams rather than through
 * `console`, so an action that replaces console.log cannot suppress them.
 */
function writeSentinels() {
  process.stdout.write(SENTINEL);
  process.stderr.write(SENTINEL);
}

/**
 * Drops what is written to process.stdout and process.stderr until the returned function is
 * called (console writes through the streams' write, so it is dropped too). Writes the load
 * schedules for later (a timer's console.log) go through once it is restored.
 */
function muteStdio() {
  const streams = [process.stdout, process.stderr];
  const own = streams.map((s) => Object.getOwnPropertyDescriptor(s, 'write'));
  for (const s of streams) {
    s.write = (chunk, encoding, callback) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done);
      return true;
    };
  }
  return () => {
    streams.forEach((s, i) => {
      if (own[i] === undefined) delete s.write;
      else Object.defineProperty(s, 'write', own[i]);
    });
  };
}

class ActionService {
  /**
   * @param {object} options
   * @param {boolean} options.allowConcurrent  __OW_ALLOW_CONCURRENT: let /run calls interleave.
   * @param {string} [options.tmpRoot]  where archive actions are extracted.
   * @param {object} [options.tracing]  a proxy/trace/tracing.js Tracing (serve --trace), else no tracing.
   * @param {boolean} [options.watchSharedState]  the engine of the native runtime, tracing: watch
   *   the built-ins native code keeps its own copy of (proxy/shared-state.js).
   */
  constructor({ allowConcurrent = false, tmpRoot = os.tmpdir(), tracing = undefined, watchSharedState = false } = {}) {
    this.allowConcurrent = allowConcurrent;
    this.tracing = tracing;
    this.watchSharedState = watchSharedState && tracing !== undefined;
    this.tmpRoot = tmpRoot;
    this.status = Status.ready;
    this.main = undefined;
    this.workspace = undefined;
    // Activations awaiting their result, each with a way to fail it from outside (see failLoneActivation).
    this.pending = new Set();
  }

  setStatus(status) {
    // A failed /init is final: nothing brings the engine back to ready.
    if (this.status !== Status.stopped) this.status = status;
  }

  /**
   * Handles an /init body (already parsed JSON); resolves to a reply. `replayed`: the native
   * runtime replays an /init it answered before to a restarted engine (or to the first one, after
   * answering /init from its handler cache); what the load writes to stdout and stderr is dropped
   * then, since the platform saw the action initialised once and its logs belong to activations.
   */
  async init(body, { replayed = false } = {}) {
    if (this.main !== undefined) {
      return systemError('Cannot initialize the action more than once.');
    }
    if (this.status !== Status.ready) {
      return systemError(`System not ready, status is ${this.status}.`);
    }
    const message = (body && body.value) || {};
    const { main, code } = message;
    if (!main || !code || typeof main !== 'string' || typeof code !== 'string') {
      return errorReply(403, 'Missing main/no code to execute.');
    }

    this.setStatus(Status.starting);
    copyInitEnv(message.env);
    try {
      // Tracing instruments text actions; on any instrumentation failure it loads the plain code.
      const toLoad = this.tracing ? this.tracing.prepareLoad(message) : message;
      let loaded;
      const unmute = replayed ? muteStdio() : () => {};
      try {
        loaded = await loadAction(toLoad, { tmpRoot: this.tmpRoot });
      } finally {
        unmute();
        if (this.tracing) this.tracing.finishLoad(loaded !== undefined);
      }
      this.main = loaded.main;
      this.workspace = loaded.workspace;
      if (this.watchSharedState) {
        // Serving the native runtime: it must learn when an activation here changes a built-in
        // that native code keeps its own copy of (proxy/shared-state.js).
        const watch = new SharedStateWatch();
        this.sharedState = watch;
        this.tracing.sharedStateChange = () => (watch.changed() ? watch.reason : undefined);
      }
      this.setStatus(Status.ready);
      return reply(200, { OK: true });
    } catch (error) {
      // This is the activation log of the failed /init, as in the stock runtime.
      console.error('Error during initialization:', error);
      writeSentinels();
      this.setStatus(Status.stopped);
      const detail = error != null && error.stack ? String(error.stack) : formatErrorMessage(error);
      return errorReply(502, `Initialization has failed due to: ${detail}`);
    }
  }

  /**
   * Handles a /run body (already parsed JSON); resolves to a reply. `fallback` is the abort
   * record (JSON text) of a re-executed native attempt: traced as any activation, and its effects
   * replayed (proxy/replay.js) when the engine serves the native runtime. `nativeEnv`: the
   * [key, value] fields of the /run bodies the native runtime answered since its last /run here,
   * exported as __OW_<KEY> first, as the stock runtime did when they ran (proxy/server.js).
   */
  async run(body, { fallback, nativeEnv } = {}) {
    // Exported whatever this request's fate: the native activations they come from did run.
    if (nativeEnv !== undefined) exportNativeEnv(nativeEnv);
    if (this.main === undefined) return systemError('System not initialized.');
    if (this.status !== Status.ready) {
      return systemError(`System not ready, status is ${this.status}.`);
    }
    const msg = body !== null && typeof body === 'object' ? body : {};
    let args = msg.value;
    if (args === undefined || args === null) {
      args = {};
    } else if (typeof args !== 'object') {
      // The stock runtime answers this and then stays wedged in "running"; we stay ready.
      return systemError(`Internal system error: the argument must be a dictionary but has type '${typeof args}'.`);
    }

    if (!this.allowConcurrent) this.setStatus(Status.running);
    const activation = this.tracing ? this.tracing.activation({ fallback }) : undefined;
    try {
      exportActivationEnv(msg);
      return this.withSharedState(await runWithRecord(fallback, () => this.invoke(args, activation)), fallback !== undefined);
    } finally {
      if (activation) activation.end(); // merges this activation's events into the trace
      if (!this.allowConcurrent) this.setStatus(Status.ready);
    }
  }

  /**
   * Marks `r` for the native runtime when a built-in changed (it then demotes the action). After a
   * fallback the check runs before the reply: native code is serving, and its next answer would
   * differ. Otherwise it runs after the reply is on its way (it costs tens of microseconds, too
   * much for every traced activation's latency); a change it finds marks every later reply and
   * makes the trace not compilable (proxy/trace/tracing.js traceReply).
   */
  withSharedState(r, fallback) {
    const watch = this.sharedState;
    if (watch === undefined) return r;
    // No native code will serve this action (its program is not compilable, or the runtime
    // stopped tracing when it demoted it): nothing to watch for, no cost to pay.
    const session = this.tracing.session;
    if (!fallback && (session === undefined || session.stopped || !session.program.compilable)) return r;
    if (watch.reason === undefined && !fallback) {
      setImmediate(() => watch.changed());
      return r;
    }
    if (!watch.changed()) return r;
    return { ...r, headers: { ...r.headers, [SHARED_STATE_HEADER]: 'changed' } };
  }

  /**
   * Fails the activation in flight with `error` when exactly one is in flight, so that it can be
   * told apart; returns whether one was failed. Used for exceptions thrown outside the action's
   * promise chain, which would otherwise leave the activation waiting until the invoker's timeout.
   */
  failLoneActivation(error) {
    if (this.pending.size !== 1) return false;
    const [fail] = this.pending;
    fail(error);
    return true;
  }

  /** Calls the action's main and turns what it did into a reply, writing the sentinels. */
  async invoke(args, activation) {
    let result;
    try {
      if (activation) activation.enter(true); // main's events go to this activation's list (until leave() below)
      result = this.main(args);
    } catch (error) {
      console.error(error);
      writeSentinels();
      return errorReply(502, `An error has occurred: ${formatErrorMessage(error)}`);
    } finally {
      // main's synchronous part is over: what runs next is not this activation's unless its
      // async invocations resume (they carry their list: proxy/trace/recorder.js).
      if (activation) activation.leave();
    }
    let fail;
    const uncaught = new Promise((resolve) => {
      fail = resolve;
    });
    this.pending.add(fail);
    let value;
    try {
      const outcome = await Promise.race([
        Promise.resolve(result).then(
          (v) => ({ value: v === undefined ? {} : v }),
          // A rejection is an application error: a 200 whose body is {"error": ...}.
          (error) => ({ value: { error: serializeRejection(error) } })
        ),
        uncaught.then((error) => ({ uncaught: error })),
      ]);
      if ('uncaught' in outcome) {
        writeSentinels();
        return errorReply(502, `An error has occurred: ${formatErrorMessage(outcome.uncaught)}`);
      }
      value = outcome.value;
    } finally {
      this.pending.delete(fail);
    }
    if (typeof value !== 'object') {
      console.error(`Result must be of type object but has type "${typeof value}":`, value);
      writeSentinels();
      return errorReply(502, 'The action did not return a dictionary.');
    }
    writeSentinels();
    return reply(200, value);
  }

  /** Removes what the engine created on disk; safe to call more than once. */
  cleanup() {
    if (this.workspace) {
      try {
        fs.rmSync(this.workspace, { recursive: true, force: true });
      } catch {
        // Best effort at exit: a leftover temporary directory is harmless.
      }
      this.workspace = undefined;
    }
  }
}

/** Copies /init's `env` into process.env exactly as the stock runtime does. */
function copyInitEnv(env) {
  if (!env || typeof env !== 'object') return;
  for (const key of Object.keys(env)) {
    const val = env[key];
    if (typeof val !== 'object' || val == null) process.env[key] = val ? val.toString() : '';
    else process.env[key] = JSON.stringify(val);
  }
}

/** Exports every top-level string field of a /run body other than `value` as __OW_<KEY>. */
function exportActivationEnv(msg) {
  for (const key of Object.keys(msg)) {
    if (key !== 'value' && typeof msg[key] === 'string') {
      process.env[`__OW_${key.toUpperCase()}`] = msg[key];
    }
  }
}

/** The __OW_ fields of activations the native runtime answered (proxy/server.js parseNativeEnv). */
function exportNativeEnv(fields) {
  for (const [key, value] of fields) process.env[`__OW_${key.toUpperCase()}`] = value;
}

module.exports = { ActionService, Status, SENTINEL };
