// The hooks the instrumented code calls, one event list per activation (AsyncLocalStorage), merged into the addon's Recorder.
'use strict';

const { AsyncLocalStorage, executionAsyncId } = require('node:async_hooks');
const { types } = require('node:util');
const { BUILTIN_INDEX } = require('./builtins');
const { HOOKS_SLOT } = require('./instrument');

/** An activation's list stops growing past this many ints (pairs * 2) and is then not merged: a bound, not a budget. */
const MAX_EVENTS = 2_000_000;
/** Finished lists waiting for a deferred merge; one more is merged at once with the others. */
const MAX_QUEUED = 256;
/** What a zero-argument call's hook returns for the spread: empty, and frozen so no action can fill it. */
const EMPTY = Object.freeze([]);
const NOPE = Symbol('no side-effect-free read');
/** Array.isArray as it was at load: an action may replace the global one, which must not run here. */
const IS_ARRAY = Array.isArray;

/**
 * Receivers kept by H.r for the call hook H.cr of the same call, with the depth of traced frames
 * at the time. Instrumented code is synchronous from H.r to H.cr (async functions and generators
 * get no hooks), so one stack serves every activation and session; an entry left by a deeper frame
 * that threw (and was caught in between) is recognised by its depth and dropped.
 */
const receivers = [];
const frames = { depth: 0 };

/** Drops the receivers kept by frames that are gone (they threw between H.r and H.cr). */
function dropDeeperReceivers() {
  while (receivers.length >= 2 && receivers[receivers.length - 1] > frames.depth) receivers.length -= 2;
}

/** A traced function returned or threw: one frame less, and nothing of its left behind. */
function leaveFrame() {
  frames.depth--;
  if (receivers.length > 0) dropDeeperReceivers();
}

/** Pops the receiver H.r kept for the call at the current depth. */
function popReceiver() {
  dropDeeperReceivers();
  if (receivers.length < 2) return NOPE;
  const v = receivers[receivers.length - 2];
  receivers.length -= 2;
  return v;
}

/**
 * The method of a call's result, read without running code; throws V8's TypeError (`message`,
 * the original call's wording) when it is definitely not callable, as the call itself would
 * have after its arguments, with no frame of this file on the stack.
 */
function receiverMethod(key, message, hook) {
  const recv = popReceiver();
  const f = recv === NOPE ? NOPE : peekProperty(recv, key);
  if (f !== NOPE && typeof f !== 'function' && message !== null) {
    const error = new TypeError(message);
    Error.captureStackTrace(error, hook);
    throw error;
  }
  return f;
}

/** Prototypes that are known not to be proxies (captured at load; a hook's fast path). */
const PLAIN_PROTOTYPES = new Set([Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype, Function.prototype]);

/** Reads o[k] through property descriptors: never runs a getter or a proxy trap (then NOPE); undefined when absent. */
function peekProperty(o, k) {
  try {
    return peekChain(o, k);
  } catch {
    return NOPE; // an exotic object whose descriptor read throws: the hook must not
  }
}

function peekChain(o, k) {
  let p;
  switch (typeof o) {
    case 'object':
      if (o === null) return NOPE;
      p = o;
      break;
    case 'function':
      p = o;
      break;
    case 'string':
      p = String.prototype;
      break;
    case 'number':
      p = Number.prototype;
      break;
    case 'boolean':
      p = Boolean.prototype;
      break;
    default:
      return NOPE;
  }
  for (let depth = 0; p !== null && depth < 64; depth++) {
    if (!PLAIN_PROTOTYPES.has(p) && types.isProxy(p)) return NOPE;
    const desc = Reflect.getOwnPropertyDescriptor(p, k);
    if (desc !== undefined) return 'value' in desc ? desc.value : NOPE;
    p = Reflect.getPrototypeOf(p);
  }
  return p === null ? undefined : NOPE; // absent from the whole chain: reading it gives undefined
}

/**
 * One traced action: its program, the hooks object its instrumented code calls, and the Recorder
 * the finished event lists go to. `recorder` is the addon's Recorder, or any object with
 * mergeModule(Int32Array) and merge(Int32Array) (the tests pass a collector).
 */
class TraceSession {
  /**
   * @param {object} [options] deferMerges: merge finished lists after the current I/O turn
   *   (setImmediate), so the merge is not part of the activation's latency; flush() merges now.
   */
  constructor(program, recorder, { deferMerges = false } = {}) {
    this.program = program;
    this.recorder = recorder;
    this.mainId = program.main_function;
    this.deferMerges = deferMerges;
    this.queue = []; // finished lists awaiting their merge (deferMerges), at most MAX_QUEUED
    this.als = new AsyncLocalStorage();
    this.stopped = false;
    this.merged = 0;
    this.rejected = 0; // lists the recorder refused or that overflowed
    this.lastRejection = undefined;
    this.hooks = this.makeHooks();
  }

  /** The hooks; after stop() every one of them is replaced by a no-op that returns its value. */
  makeHooks() {
    const als = this.als;
    const session = this;
    // The list of the running activation. getStore() costs more than a hook should, so the last
    // answer is kept for the async resource that asked: the store of a resource changes only by
    // enterWith/run on this session's storage, which reset the cache (forget()).
    const cache = { id: -1, list: undefined };
    this.forget = () => {
      cache.id = -1;
    };
    const current = () => {
      const id = executionAsyncId();
      if (id !== cache.id) {
        cache.id = id;
        cache.list = als.getStore();
      }
      return cache.list;
    };
    const record = (a, b) => {
      const L = current();
      if (L === undefined || L.closed) return;
      if (L.ev.length >= MAX_EVENTS) {
        L.overflow = true;
        return;
      }
      L.ev.push(a, b);
    };
    // A call whose callee value is known: a built-in names itself; a function is left pending for
    // the enter hook that follows it when it is a user function (see e()).
    const callee = (site, f) => {
      const L = current();
      if (L === undefined || L.closed) return;
      if (L.ev.length >= MAX_EVENTS) {
        L.overflow = true;
        return;
      }
      let id = -1;
      if (typeof f === 'function') {
        const k = BUILTIN_INDEX.get(f);
        if (k !== undefined) id = -2 - k;
        else L.pending = L.ev.length + 1;
      }
      L.ev.push(site, id);
    };
    const pending = (site) => {
      const L = current();
      if (L === undefined || L.closed) return;
      L.pending = L.ev.length + 1;
      if (L.ev.length < MAX_EVENTS) L.ev.push(site, -1);
      else L.overflow = true;
    };
    const two = (o, k1, k2) => {
      const inner = peekProperty(o, k1);
      return inner === NOPE ? NOPE : peekProperty(inner, k2);
    };
    return {
      // The hottest hook (every loop test): record() inlined.
      t(site, v) {
        const id = executionAsyncId();
        const L = id === cache.id ? cache.list : current();
        if (L !== undefined && !L.closed) {
          const ev = L.ev;
          if (ev.length < MAX_EVENTS) ev.push(site, v ? 0 : 1);
          else L.overflow = true;
        }
        return v;
      },
      n(site, v) {
        record(site, v == null ? 0 : 1);
        return v;
      },
      c(site, v) {
        pending(site);
        return v;
      },
      c0(site) {
        pending(site);
        return EMPTY;
      },
      cf(site, v, f) {
        callee(site, f);
        return v;
      },
      cf0(site, f) {
        callee(site, f);
        return EMPTY;
      },
      cm(site, v, o, k) {
        callee(site, peekProperty(o, k));
        return v;
      },
      cm0(site, o, k) {
        callee(site, peekProperty(o, k));
        return EMPTY;
      },
      cm2(site, v, o, k1, k2) {
        callee(site, two(o, k1, k2));
        return v;
      },
      cm20(site, o, k1, k2) {
        callee(site, two(o, k1, k2));
        return EMPTY;
      },
      nr(site, v) {
        // The object of `v?.m(...)`: a decision, and the receiver of the call when there is one.
        record(site, v == null ? 0 : 1);
        if (v != null) receivers.push(v, frames.depth);
        return v;
      },
      r(v) {
        receivers.push(v, frames.depth);
        return v;
      },
      cr: function cr(site, v, key, message) {
        const f = receiverMethod(key, message, cr);
        if (!session.stopped) callee(site, f);
        return v;
      },
      cr0: function cr0(site, key, message) {
        const f = receiverMethod(key, message, cr0);
        if (!session.stopped) callee(site, f);
        return EMPTY;
      },
      e(id) {
        frames.depth++;
        const L = current();
        if (L === undefined || L.closed) return;
        // The call event right before names this function: it is the callee.
        if (L.pending === L.ev.length - 1) L.ev[L.pending] = id;
        L.pending = -1;
        if (L.ev.length < MAX_EVENTS) L.ev.push(-1, id);
        else L.overflow = true;
      },
      x() {
        leaveFrame();
        record(-2, 0);
      },
      fo(callSite, ifSite, loopSite, v, message, elementCallSite, elementIfSite) {
        const L = current();
        if (L === undefined || L.closed) return untracedIterable(v, message);
        // The program calls Array.isArray: record the one the action would call. A replaced
        // one is not called here (it could be user code); its call is "anything else".
        const isArray = two(globalThis, 'Array', 'isArray');
        callee(callSite, isArray);
        if (isArray !== IS_ARRAY) return untracedIterable(v, message);
        const array = isArrayQuietly(v);
        record(ifSite, array ? 0 : 1);
        if (!array) return untracedIterable(v, message);
        if (elementCallSite === undefined) return recordingIterable(v, loopSite, record);
        // An array pattern per element: its Array.isArray call and decision follow each step.
        const step = (r) => {
          record(loopSite, r.done ? 1 : 0);
          if (r.done) return;
          callee(elementCallSite, isArray);
          record(elementIfSite, isArrayQuietly(r.value) ? 0 : 1);
        };
        return recordingIterable(v, step);
      },
      la(site, nullish, current, v) {
        if (current !== NOPE) record(site, (nullish ? current == null : current) ? 0 : 1);
        return v;
      },
      pk(o, k) {
        return peekProperty(o, k);
      },
      sd(v) {
        const L = current();
        if (L !== undefined) L.sw = v;
        return v;
      },
      ct(site, v) {
        const L = current();
        if (L !== undefined && !L.closed) record(site, L.sw === v ? 0 : 1);
        return v;
      },
      // Default parameters: dp marks that the default of `site` was evaluated, dd (in the body's
      // prologue) records the decision: then (0) when it was, else (1).
      dp(site, v) {
        const L = current();
        if (L !== undefined && !L.closed) L.defaults.push(site);
        return v;
      },
      nc(site) {
        record(site, 1);
      },
      dd(site) {
        const L = current();
        if (L === undefined || L.closed) return;
        const at = L.defaults.lastIndexOf(site);
        if (at >= 0) L.defaults.splice(at, 1);
        record(site, at >= 0 ? 0 : 1);
      },
    };
  }

  /** Makes the hooks no-ops: the instrumented code then runs as the plain code with a few cheap calls. */
  stop() {
    if (this.stopped) return;
    this.flush(); // activations that finished before the stop still count
    this.stopped = true;
    const h = this.hooks;
    const same = (site, v) => v;
    const empty = () => EMPTY;
    const none = () => {};
    const keepReceiver = (site, v) => {
      if (v != null) receivers.push(v, frames.depth);
      return v;
    };
    // Still counted when stopped: H.r/H.cr keep their receivers by frame depth (popReceiver).
    const enter = () => {
      frames.depth++;
    };
    const exit = leaveFrame;
    Object.assign(h, { t: same, n: same, c: same, cf: same, cm: same, cm2: same, c0: empty, cf0: empty, cm0: empty, cm20: empty, e: enter, x: exit, dp: same, dd: none, nc: none, fo: (a, b, c, v, message) => untracedIterable(v, message), sd: (v) => v, ct: same, la: (site, nullish, current, v) => v, pk: none, nr: keepReceiver });
  }

  /**
   * Starts the module's run: puts the hooks in the global slot the instrumented code reads at its
   * first line, and makes the module's own list the current one (enterWith: no stack frame is
   * added under the action's code). endModule() must follow the evaluation.
   */
  beginModule() {
    const L = newList();
    this.moduleList = L;
    globalThis[Symbol.for(HOOKS_SLOT)] = this.hooks;
    this.als.enterWith(L);
    this.forget();
    return L;
  }

  /** Ends the module's run: nothing else may see the hooks slot; the module's list is merged. */
  endModule() {
    delete globalThis[Symbol.for(HOOKS_SLOT)];
    if (this.moduleList) this.finishModule(this.moduleList);
  }

  finishModule(L) {
    L.closed = true;
    if (this.stopped) return;
    try {
      this.recorder.mergeModule(Int32Array.from(L.ev));
    } catch (error) {
      this.reject(error);
    }
  }

  /**
   * Starts one activation with its own list. enter() makes it current for the code that runs next
   * in this async context and everything it schedules (the engine calls main right after, with
   * no extra stack frame); call(fn, arg) runs fn in it; end() merges the list.
   */
  activation() {
    const session = this;
    const L = newList();
    return {
      events: L,
      enter() {
        session.als.enterWith(L);
        session.forget();
      },
      call(fn, arg) {
        session.forget();
        try {
          return session.als.run(L, fn, arg);
        } finally {
          session.forget();
        }
      },
      end() {
        session.finishActivation(L);
      },
    };
  }

  finishActivation(L) {
    if (L.closed) return;
    L.closed = true;
    if (this.stopped) return;
    if (L.overflow) {
      this.reject(new RangeError(`an activation recorded more than ${MAX_EVENTS / 2} events; its list was dropped`));
      return;
    }
    const events = stripEntry(L.ev, this.mainId);
    if (!this.deferMerges) {
      this.mergeNow(events);
      return;
    }
    this.queue.push(events);
    if (this.queue.length >= MAX_QUEUED) this.flush();
    else if (this.queue.length === 1) setImmediate(() => this.flush());
  }

  /** Merges every finished list not merged yet (before the trace is read, say). */
  flush() {
    const queue = this.queue;
    this.queue = [];
    for (const events of queue) this.mergeNow(events);
  }

  mergeNow(events) {
    try {
      this.recorder.merge(events);
      this.merged++;
    } catch (error) {
      this.reject(error);
    }
  }

  reject(error) {
    this.rejected++;
    this.lastRejection = error && error.message ? error.message : String(error);
  }
}

/**
 * What for...of iterates instead of an array: an iterable over the array's own iterator (got when
 * for...of asks, as it would have) whose every next() records the loop test of the program's
 * index loop: then (0) for an element, else (1) at the end (`site`; or `step(result)` records
 * what each step decides). return() is forwarded when the
 * iterator has one (array iterators do not), so early exits behave the same.
 */
function recordingIterable(array, site, record) {
  const step = typeof site === 'function' ? site : (r) => record(site, r.done ? 1 : 0);
  return {
    [Symbol.iterator]() {
      const it = array[Symbol.iterator]();
      const next = it.next;
      return {
        next() {
          const r = next.call(it);
          step(r);
          return r;
        },
        return(value) {
          return typeof it.return === 'function' ? it.return(value) : { done: true, value };
        },
      };
    },
  };
}

/** Array.isArray, but false for a revoked proxy (which throws): for...of then throws its own error. */
function isArrayQuietly(v) {
  try {
    return IS_ARRAY(v);
  } catch {
    return false;
  }
}

/**
 * What for...of iterates when it is not recording: an array itself; anything else through an
 * iterable that gets the value's iterator when for...of asks, and throws the TypeError V8 would
 * have thrown for the original expression (`message`), with no frame of this file on its stack.
 */
function untracedIterable(v, message) {
  if (isArrayQuietly(v)) return v;
  const iterable = {
    [Symbol.iterator]: function iterator() {
      const method = v == null ? undefined : v[Symbol.iterator];
      if (typeof method !== 'function') {
        const error = new TypeError(message);
        Error.captureStackTrace(error, iterator);
        throw error;
      }
      const it = method.call(v);
      if (it === null || (typeof it !== 'object' && typeof it !== 'function')) {
        const error = new TypeError('Result of the Symbol.iterator method is not an object');
        Error.captureStackTrace(error, iterator);
        throw error;
      }
      return it;
    },
  };
  return iterable;
}

function newList() {
  return { ev: [], pending: -1, closed: false, overflow: false, defaults: [], sw: undefined };
}

/**
 * main is called by the engine, not from an instrumented call site, so its own enter and exit are
 * not part of the list (trace-ir.md section 7); anything after main's exit (a timer it left) is
 * dropped too, as it is outside the activation's path.
 */
function stripEntry(ev, mainId) {
  if (ev.length >= 2 && ev[0] === -1 && ev[1] === mainId) {
    let depth = 0;
    for (let i = 0; i < ev.length; i += 2) {
      if (ev[i] === -1) depth++;
      else if (ev[i] === -2 && --depth === 0) return Int32Array.from(ev.slice(2, i));
    }
    return Int32Array.from(ev.slice(2));
  }
  return Int32Array.from(ev);
}

/** How many receivers H.r keeps right now (tests: none should be left between activations). */
function receiversKept() {
  return receivers.length / 2;
}

module.exports = { TraceSession, peekProperty, stripEntry, receiversKept, MAX_EVENTS, NOPE };
