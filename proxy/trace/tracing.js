// The engine's tracing state for one action: instrument at /init (else load the plain code), one activation per /run, the trace document.
'use strict';

const crypto = require('node:crypto');
const { instrument } = require('./instrument');
const { TraceSession } = require('./recorder');
const { mapActionPositions } = require('./positions');
const { mapFunctionSources } = require('./fn-source');

/**
 * Larger code is loaded plain: instrumenting costs about a millisecond per KiB at /init (two
 * parses and the walks), which a cold start of a bundled action should not pay.
 */
const MAX_INSTRUMENTED_BYTES = 1024 * 1024;

/** Loads the addon's Recorder class, or returns the reason it cannot be loaded. */
function loadRecorderClass() {
  try {
    // eslint-disable-next-line global-require
    const addon = require('../../addon');
    if (typeof addon.Recorder !== 'function') return { reason: 'the addon does not export Recorder' };
    return { Recorder: addon.Recorder };
  } catch (error) {
    return { reason: `the trace recorder addon cannot be loaded (${error.message.split('\n')[0]})` };
  }
}

/**
 * Tracing for the action of one engine (proxy/service.js): prepareLoad/finishLoad around its
 * loader at /init, activation() per /run, traceReply() and stop() for the private routes.
 * Whatever goes wrong here, the action is loaded and runs exactly as without tracing, and
 * `reason` says why it is not traced.
 */
class Tracing {
  /**
   * @param {object} [options] makeRecorder(program, meta): for tests, default the addon's Recorder;
   *   deferMerges (default true), typeActivations: see TraceSession.
   */
  constructor({ makeRecorder, deferMerges = true, typeActivations } = {}) {
    this.makeRecorder = makeRecorder;
    this.typeActivations = typeActivations; // undefined: TraceSession's default
    // The engine merges each activation's list after its reply is on its way (recorder.js).
    this.deferMerges = deferMerges;
    this.session = undefined;
    this.reason = 'no action is initialised';
    this.fallbacks = 0; // /run requests re-executed after a native abort (X-Containerless-Fallback)
  }

  /**
   * Returns the /init message to load: for a text action that instruments, the same message with
   * the instrumented code, and the hooks ready for its top-level run; otherwise the message itself
   * (`reason` then says why it is not traced). Never throws: tracing never changes behaviour.
   * The engine evaluates the returned message and then calls finishLoad(), also on failure.
   */
  prepareLoad(message) {
    this.pending = undefined;
    if (message.binary) {
      this.reason = 'archive (zip or tar.gz) actions are not instrumented yet';
      return message;
    }
    if (message.code.length > MAX_INSTRUMENTED_BYTES) {
      this.reason = `the code is larger than ${MAX_INSTRUMENTED_BYTES / 1024} KiB, the most that is instrumented`;
      return message;
    }
    try {
      const instrumented = instrument(message.code, { entry: message.main });
      const meta = { codeSha256: crypto.createHash('sha256').update(message.code, 'utf8').digest('hex'), entry: message.main };
      const recorder = this.createRecorder(instrumented.program, meta);
      const session = new TraceSession(instrumented.program, recorder, { deferMerges: this.deferMerges, typeActivations: this.typeActivations });
      session.beginModule();
      this.pending = session;
      // Error stacks then show the original code's columns, as without tracing (positions.js).
      this.positionsMapped = mapActionPositions(message.code, instrumented.code, instrumented.insertions, message.main);
      // And its functions print their own source, not the hooks (fn-source.js; H13-1).
      mapFunctionSources(message.code, instrumented.code, instrumented.insertions);
      return { ...message, code: instrumented.code };
    } catch (error) {
      this.reason = `the action could not be instrumented: ${error && error.message}`;
      return message;
    }
  }

  /** After the engine evaluated what prepareLoad returned: `ok` says whether the load succeeded. */
  finishLoad(ok) {
    const session = this.pending;
    this.pending = undefined;
    if (!session) return;
    session.endModule();
    if (ok) {
      this.session = session;
      this.reason = undefined;
    } else {
      this.reason = 'the action failed to load';
    }
  }

  /** prepareLoad + load + finishLoad, for callers that do not mind one more stack frame under the action's (tests). */
  async load(message, load) {
    let ok = false;
    try {
      const loaded = await load(this.prepareLoad(message));
      ok = true;
      return loaded;
    } finally {
      this.finishLoad(ok);
    }
  }

  createRecorder(program, meta) {
    if (this.makeRecorder) return this.makeRecorder(program, meta);
    const { Recorder, reason } = loadRecorderClass();
    if (!Recorder) throw new Error(reason);
    return new Recorder(JSON.stringify(program), meta);
  }

  /**
   * One /run: {enter(explicitLeave), leave(), call(main, args), end()} (recorder.js: the engine
   * calls enter(true), main, leave(), and end() when main's promise settles), or undefined when
   * the action is not traced or tracing was stopped. `fallback`: the abort record of a native
   * attempt this /run re-executes (its activation records operand types).
   */
  activation({ fallback } = {}) {
    if (!this.session) return undefined;
    if (fallback !== undefined) this.fallbacks++;
    if (this.session.stopped) return undefined; // no list, no context switch: only no-op hooks remain
    // A fallback records operand types whatever the count: its native attempt failed a type
    // guard, perhaps, and only these types let the next compilation widen it.
    return this.session.activation({ types: fallback !== undefined });
  }

  /** The private GET /__containerless/trace: {status, body} with the trace document as text. */
  traceReply() {
    // An activation changed a built-in (proxy/shared-state.js): native code would not share it.
    const changed = this.sharedStateChange ? this.sharedStateChange() : undefined;
    if (changed !== undefined) return { status: 200, json: { version: 1, compilable: false, not_compilable_because: changed } };
    if (!this.session) return { status: 404, json: { error: `no trace: ${this.reason}` } };
    if (typeof this.session.recorder.serialize !== 'function') {
      return { status: 404, json: { error: 'no trace: the recorder cannot serialize' } };
    }
    try {
      this.session.flush();
      return { status: 200, text: this.session.recorder.serialize() };
    } catch (error) {
      return { status: 500, json: { error: `the trace could not be serialized: ${error.message}` } };
    }
  }

  stop() {
    if (this.session) this.session.stop();
  }
}

module.exports = { Tracing, loadRecorderClass, MAX_INSTRUMENTED_BYTES };
