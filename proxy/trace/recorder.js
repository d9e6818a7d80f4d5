// The hooks the instrumented code calls, one event list per activation (no async hooks: see `cur`), merged into the addon's Recorder.
'use strict';

const { types } = require('node:util');
const { builtinTables, BUILTIN_PATHS } = require('./builtins');
const { HOOKS_SLOT } = require('./instrument');
const { switchableHooks } = require('./switchable');
const { NOPE, IS_ARRAY, typeTag, peekProperty, isArrayQuietly, recordingIterable, untracedIterable, spreadNotIterable } = require('./values');
const { MAX_EVENTS, newList, add, release } = require('./event-lists');
const { ASYNC_CALLEE, PROMISE_THEN, thenWrapper, armThen, spliceThenGroups, thenCallbackSites } = require('./then-reactions');
const { EAGER_EVENT, eagerAsyncFunctions, startGroup, endGroup } = require('./async-calls');

/** The intrinsic Array.prototype, whose `slice` an array pattern's rest calls on the fresh array it makes. */
const ARRAY_PROTOTYPE = Array.prototype;
/** Finished lists waiting for a deferred merge; one more is merged at once with the others. */
const MAX_QUEUED = 256;
/** What a zero-argument call's hook returns for the spread: empty, and frozen so no action can fill it. */
const EMPTY = Object.freeze([]);
/** The key H.pd gives the property the instrumenter adds to a pattern: one no object has. */
const UNUSED_KEY = Symbol('containerless.unused');
/**
 * Operand types are recorded during the first TYPE_ACTIVATIONS activations of a session (and the
 * module's run), and during every activation started with `types` (the engine's fallbacks: a
 * native handler's guard failed on a type the trace had not seen, and only the fallback's types
 * let the next compilation widen that guard); otherwise their hooks are pass-throughs. `seen` is
 * a hint the compiler guards, so feedback from some of the activations is safe (activations
 * running concurrently with a fallback record types too: more feedback, never wrong), and
 * tracing a hot loop's every operation for the session's whole life would cost more than the
 * rest of tracing together.
 */
const TYPE_ACTIVATIONS = 32;

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
  // pop() rather than `length -= 2`: setting an array's length is a runtime call in V8, pop() is inlined.
  while (receivers.length >= 2 && receivers[receivers.length - 1] > frames.depth) {
    receivers.pop();
    receivers.pop();
  }
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
  receivers.pop();
  const v = receivers.pop();
  return v;
}

/**
 * The method of a call's result, read without running code; throws V8's TypeError (`message`,
 * the original call's wording) when it is definitely not callable, as the call itself would
 * have after its arguments, with no frame of this file on the stack.
 */
function receiverMethod(key, message, hook) {
  const recv = popReceiver();
  lastReceiver = recv;
  const f = recv === NOPE ? NOPE : peekProperty(recv, key);
  if (f !== NOPE && typeof f !== 'function' && message !== null) {
    const error = new TypeError(message);
    Error.captureStackTrace(error, hook);
    throw error;
  }
  return f;
}

/** The receiver receiverMethod popped last (the cr hook's, for armThen). */
let lastReceiver;

/** Throws V8's TypeError for a callee peeked as not callable (NOPE: unknown, V8 decides). */
function iteratedCallee(f, message, hook) {
  if (f === NOPE || typeof f === 'function') return;
  const error = new TypeError(message);
  Error.captureStackTrace(error, hook);
  throw error;
}

/** Object.keys and Object.getPrototypeOf as they were at load (the for...in hooks run them, never an action's replacement). */
const OBJECT_KEYS = Object.keys;
const GET_PROTOTYPE = Object.getPrototypeOf;

/** A list that records nothing: the current list of a muted async invocation once it resumed. */
let MUTED_LIST; // newList() closed, made below
/** The built-ins' identities (builtins.js), set when the first session starts. */
let BUILTIN_INDEX;
/**
 * By built-in number: the callback hosts (docs/trace-ir.md section 7), whose user callbacks'
 * invocations are recorded in full rather than muted.
 */
const CALLBACK_HOST_PATHS = new Set(['Array.prototype.forEach', 'Array.prototype.map', 'Array.prototype.filter', 'Array.prototype.some', 'Array.prototype.every', 'Array.prototype.find', 'Array.prototype.findIndex', 'Array.prototype.reduce', 'Array.prototype.findLast', 'Array.prototype.findLastIndex', 'Array.prototype.reduceRight', 'Array.prototype.flatMap']);
const CALLBACK_HOSTS = BUILTIN_PATHS.map((path) => CALLBACK_HOST_PATHS.has(path));
/** The built-in number of Promise.prototype.then, a callback host whose callback runs later (armThen). */
const THEN_CALLEE = -2 - BUILTIN_PATHS.indexOf('Promise.prototype.then');
/** Array.prototype.map's callee number: its async callbacks may run whole at their call (async-calls.js). */
const MAP_CALLEE = -2 - BUILTIN_PATHS.indexOf('Array.prototype.map');
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
  constructor(program, recorder, { deferMerges = false, typeActivations = TYPE_ACTIVATIONS } = {}) {
    BUILTIN_INDEX = builtinTables().index;
    this.program = program;
    this.awaitedSites = awaitedCallSites(program);
    // Async functions traced where their promise is not awaited at once (async-calls.js).
    this.eagerAsync = eagerAsyncFunctions(program);
    // `p.then(cb)` (cb a function expression of the same body): site -> {id: cb's, awaited}, and
    // the activation whose then callback runs next (then-reactions.js thenWrapper, e()), and the
    // wrapper H.tw made last, for the call's hook to arm (armThen).
    this.thenSites = thenCallbackSites(program, this.awaitedSites);
    this.thenNext = undefined;
    this.thenWatch = undefined;
    this.typeActivations = typeActivations; // activations that record operand types
    this.activations = 0; // activations started
    // The lists of activations started with `types` that have not ended: types stay on while any
    // is (a set, not a flag on the list: every list keeps one shape for the hooks reading it).
    this.typeHolds = new Set();
    this.typeStack = []; // (left operand's tag, site, frame depth) between H.tl and H.tr
    this.recorder = recorder;
    this.mainId = program.main_function;
    this.deferMerges = deferMerges;
    this.queue = []; // finished lists awaiting their merge (deferMerges), at most MAX_QUEUED
    this.flushLater = () => this.flush(); // one closure for every setImmediate
    this.stopped = false;
    this.merged = 0;
    this.rejected = 0; // lists the recorder refused or that overflowed
    this.lastRejection = undefined;
    // The switches of the hooks object (switchable.js): `types` off after the first activations,
    // both off at stop().
    this.switches = { on: true, types: true };
    this.hooks = switchableHooks(
      this.makeHooks(),
      [
        { flag: 'types', off: TYPE_PASS_THROUGHS },
        { flag: 'on', off: STOPPED_HOOKS },
      ],
      this.switches
    );
  }

  /**
   * The recording hooks (this.hooks wraps them: switchable.js); after stop() each of them gives
   * way to its pass-through (STOPPED_HOOKS), operand types after the first activations.
   *
   * Which list an event goes to: `cur`, the list of the code running now, found with no async
   * hooks (AsyncLocalStorage would turn on Node's promise hooks, a cost on every promise of the
   * process, traced or not). It is set when an activation starts (activation().enter()) and
   * unset as soon as its synchronous part returns (leave(), or at the latest the microtask
   * enter() queues); in between tasks it is undefined, so a stray continuation (a timer, a
   * .then callback, anything a finished activation left behind) records nothing. Code that runs
   * later on an activation's behalf is an instrumented async function resuming after an await:
   * its invocation's token (H.ea) carries the list, H.ar makes it current again at each
   * resumption, H.ac at a catch or finally block the rejection of an await resumed, and H.as/H.xa
   * unset it when a resumed invocation suspends or ends (control goes back to the event loop).
   * Concurrent activations therefore record into their own lists exactly as with an async
   * context. A `then` callback written in place (`p.then((r) => r.json())`) is told its list by
   * the wrapper the tracer passes `then` in its place (then-reactions.js). Where the instrumented code
   * cannot tell (any other callback run later by a built-in or a library), the events are
   * dropped, never sent to another list.
   */
  makeHooks() {
    const session = this;
    let cur; // the running code's list: an activation's, the module's, MUTED_LIST, or undefined
    this.setCurrent = (L) => {
      cur = L;
    };
    this.getCurrent = () => cur;
    const current = () => cur;
    const record = (a, b) => {
      const L = current();
      if (L === undefined || L.closed) return;
      add(L, a, b);
    };
    // A call whose callee value is known: a built-in names itself; a function is left pending for
    // the enter hook that follows it when it is a user function (see e()).
    const callee = (site, f, receiver) => {
      const L = current();
      if (L === undefined || L.closed) return;
      let id = -1;
      let host = false;
      if (typeof f === 'function') {
        const k = BUILTIN_INDEX.get(f);
        if (k !== undefined) {
          id = -2 - k;
          host = CALLBACK_HOSTS[k] === true;
        } else {
          L.pending = L.n + 1;
        }
      }
      add(L, site, id);
      // A callback host (map, filter, ...): an enter right now is an invocation of its callback.
      if (host) L.hostEnd = L.n;
      // `p.then(cb)`, cb written in place: cb runs later, from a microtask; the wrapper H.tw
      // passed in its place names this list then (armThen, e(); trace-ir.md section 5.1).
      if (id === THEN_CALLEE && receiver !== undefined && session.thenSites.has(site)) armThen(session, L, site, receiver);
    };
    const pending = (site) => {
      const L = current();
      if (L === undefined || L.closed) return;
      L.pending = L.n + 1;
      add(L, site, -1);
    };
    // A type event, skipped when its types are already in this stretch of the list (no enter or
    // exit since): the addon keeps the union per operand and context, which is then the same.
    const typeEvent = (site, mask) => {
      const L = cur;
      if (L === undefined || L.closed) return;
      const union = L.typeStamp[site] === L.stamp ? L.typeUnion[site] : 0;
      if ((union | mask) === union) return;
      L.typeStamp[site] = L.stamp;
      L.typeUnion[site] = union | mask;
      add(L, site, mask);
    };
    const typeStack = this.typeStack;
    const recording = () => {
      const L = current();
      return L !== undefined && !L.closed;
    };
    // A muted invocation's synchronous part: the list is closed until it suspends or ends.
    const mute = (L) => {
      L.muted++;
      L.closed = true;
    };
    const unmute = (L) => {
      if (--L.muted === 0 && !L.ended) L.closed = false; // an ended activation stays closed
    };
    const two = (o, k1, k2) => {
      const inner = peekProperty(o, k1);
      return inner === NOPE ? NOPE : peekProperty(inner, k2);
    };
    return {
      // The hottest hook (every loop test): record() inlined.
      t(site, v) {
        const L = cur;
        if (L !== undefined && !L.closed) add(L, site, v ? 0 : 1);
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
        if (recording()) callee(site, peekProperty(o, k), o); // no descriptor walk when nothing records
        return v;
      },
      cm0(site, o, k) {
        if (recording()) callee(site, peekProperty(o, k)); // no descriptor walk when nothing records
        return EMPTY;
      },
      cm2(site, v, o, k1, k2) {
        if (recording()) {
          // no descriptor walk when nothing records
          const f = two(o, k1, k2);
          callee(site, f, f === PROMISE_THEN ? peekProperty(o, k1) : undefined);
        }
        return v;
      },
      cm20(site, o, k1, k2) {
        if (recording()) callee(site, two(o, k1, k2)); // no descriptor walk when nothing records
        return EMPTY;
      },
      // A call for...of iterates or an array pattern destructures (instrument.js callsIterated):
      // a callee that is not callable throws V8's "… or its return value is not iterable" from
      // here, recording or not (no pass-through: the hook is the frame V8's trace starts after).
      cfi: function cfi(site, v, f, message) {
        iteratedCallee(f, message, cfi);
        if (!session.stopped) callee(site, f);
        return v;
      },
      cfi0: function cfi0(site, f, message) {
        iteratedCallee(f, message, cfi0);
        if (!session.stopped) callee(site, f);
        return EMPTY;
      },
      cmi: function cmi(site, v, o, k, message) {
        const f = peekProperty(o, k);
        iteratedCallee(f, message, cmi);
        if (!session.stopped) callee(site, f);
        return v;
      },
      cmi0: function cmi0(site, o, k, message) {
        const f = peekProperty(o, k);
        iteratedCallee(f, message, cmi0);
        if (!session.stopped) callee(site, f);
        return EMPTY;
      },
      cm2i: function cm2i(site, v, o, k1, k2, message) {
        const f = two(o, k1, k2);
        iteratedCallee(f, message, cm2i);
        if (!session.stopped) callee(site, f);
        return v;
      },
      cm2i0: function cm2i0(site, o, k1, k2, message) {
        const f = two(o, k1, k2);
        iteratedCallee(f, message, cm2i0);
        if (!session.stopped) callee(site, f);
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
        if (!session.stopped) callee(site, f, lastReceiver);
        return v;
      },
      cr0: function cr0(site, key, message) {
        const f = receiverMethod(key, message, cr0);
        if (!session.stopped) callee(site, f);
        return EMPTY;
      },
      // Operand types: tl keeps the left operand's tag for the tr of the same operation, as
      // (tag, site, frame depth); tr drops the entries above its own (operations left by a throw,
      // in a deeper frame or caught in this one).
      tl(site, v) {
        typeStack.push(typeTag(v), site, frames.depth);
        return v;
      },
      tr(site, v) {
        const depth = frames.depth;
        while (typeStack.length >= 3) {
          const d = typeStack[typeStack.length - 1];
          if (d < depth) return v; // an outer frame's: this operation's tl did not run
          if (d === depth && typeStack[typeStack.length - 2] === site) break;
          typeStack.pop();
          typeStack.pop();
          typeStack.pop();
        }
        if (typeStack.length < 3) return v;
        typeStack.pop();
        typeStack.pop();
        const left = typeStack.pop();
        const right = typeTag(v);
        if (left !== 0 && right !== 0) typeEvent(site, left | (right << 8));
        return v;
      },
      tc(site, v, bits, shift) {
        const t = typeTag(v);
        if (t !== 0) typeEvent(site, (t << shift) | bits); // the other operand is a literal: its bits
        return v;
      },
      up(site, step, current, v) {
        const t = typeTag(current);
        if (t !== 0) {
          typeEvent(site, t);
          typeEvent(step, 8 | (8 << 8)); // `old ± 1`: old is +x, a number
        }
        return v;
      },
      // for...in (control.js forIn): fi records the program's checks and its Object.keys call and
      // keeps the keys; fk, at each key for...in visits, records the loop tests and `in` checks
      // up to it (a key it skipped was deleted: not `in`); fe, after the statement, the tests
      // of the keys left and the loop's exit, unless fb saw a break of the loop.
      fi(sNullish, sProto, sObject, sArray, sNull, sKeys, sMore, sHas, v) {
        const L = current();
        if (L === undefined || L.closed) return v;
        const state = { more: sMore, has: sHas, depth: frames.depth, keys: undefined, i: 0, off: true, broken: false };
        forInStates(L).push(state);
        record(sNullish, v == null ? 0 : 1);
        if (v == null) return v;
        const getPrototype = two(globalThis, 'Object', 'getPrototypeOf');
        callee(sProto, getPrototype);
        if (getPrototype !== GET_PROTOTYPE || types.isProxy(v)) return v;
        const proto = GET_PROTOTYPE(v);
        if (proto !== two(globalThis, 'Object', 'prototype')) {
          record(sObject, 1);
          if (proto !== two(globalThis, 'Array', 'prototype')) {
            record(sArray, 1);
            record(sNull, proto === null ? 0 : 1);
            if (proto !== null) return v;
          } else {
            record(sArray, 0);
          }
        } else {
          record(sObject, 0);
        }
        const keys = two(globalThis, 'Object', 'keys');
        callee(sKeys, keys);
        if (keys !== OBJECT_KEYS) return v;
        state.keys = OBJECT_KEYS(v);
        state.off = false;
        return v;
      },
      fk(sMore, key) {
        const L = current();
        if (L === undefined || L.closed) return;
        const state = forInState(L, sMore, false);
        if (state === undefined || state.off) return;
        const keys = state.keys;
        while (state.i < keys.length && keys[state.i] !== key) {
          record(sMore, 0);
          record(state.has, 1);
          state.i++;
        }
        if (state.i >= keys.length) {
          state.off = true; // a key Object.keys did not give: not the program's path
          return;
        }
        record(sMore, 0);
        record(state.has, 0);
        state.i++;
      },
      fe(sMore) {
        const L = current();
        if (L === undefined || L.closed) return;
        const state = forInState(L, sMore, true);
        if (state === undefined || state.off || state.broken) return;
        for (; state.i < state.keys.length; state.i++) {
          record(sMore, 0);
          record(state.has, 1);
        }
        record(sMore, 1);
      },
      fb(sMore) {
        const L = current();
        if (L === undefined || L.closed) return;
        const state = forInState(L, sMore, false);
        if (state !== undefined) state.broken = true;
      },
      // A regular expression literal: the program's call of RegExp, to anything else (-1).
      rx(site, v) {
        callee(site, undefined);
        return v;
      },
      // A property's value for a type hook (`o.k++`, `o.k += e`), read without running code.
      pt(o, k) {
        return peekProperty(o, k);
      },
      tk(site, v) {
        const t = typeTag(v);
        if (t !== 0) typeEvent(site, t | (16 << 8)); // `o.k`: the key is a string
        return v;
      },
      tu(site, v) {
        const t = typeTag(v);
        if (t !== 0) typeEvent(site, t);
        return v;
      },
      ta(site, current, v) {
        const left = typeTag(current);
        const right = typeTag(v);
        if (left !== 0 && right !== 0) typeEvent(site, left | (right << 8));
        return v;
      },
      e(id) {
        frames.depth++;
        let L = current();
        if (L === undefined && session.thenNext !== undefined) {
          L = thenCallback(session, id);
          if (L !== undefined) cur = L;
        }
        if (L === undefined || L.closed) return;
        L.stamp++;
        const n = L.n;
        if (L.pending >= 0 && L.pending === n - 1) {
          L.ev[L.pending] = id; // the call event right before names this function: it is the callee
        } else if (L.hostEnd === n) {
          // An invocation of a callback host's callback, right after the host's call event or
          // the exit of its previous invocation: every invocation is recorded in full (the addon
          // traces it in the context (site, host, callback)); x() reopens the window after it.
          L.hostFrames.push(frames.depth);
        } else if (!(n === 0 && id === session.mainId)) {
          // A callback (of a built-in, a getter, valueOf...): the addon checks its events but
          // merges none of them (trace-ir.md section 7), so only its enter and exit are kept;
          // the list is closed in between, which makes every hook of its body cheap.
          // A callback right after another one's exit adds nothing (the call is marked already):
          // not even its enter and exit are kept (its frame is pushed negated).
          L.pending = -1;
          const again = L.callbackEnd === n;
          if (!again) add(L, -1, id);
          L.muteFrames.push(again ? -frames.depth : frames.depth);
          mute(L);
          return;
        }
        L.pending = -1;
        add(L, -1, id);
      },
      // An async function's enter: traced when main or when its call is awaited at once (the
      // program's `call r = f(x)` then `set t = await r`), or into a group of its own when its
      // function may run whole at its call (async-calls.js); otherwise muted: its call event names
      // ASYNC_CALLEE ({"opaque":"async"}), or it is a callback with an empty body (enter, exit),
      // and nothing of its body is recorded, now or after it resumes (its events would interleave
      // with its caller's). Returns the invocation's token for as/ar/ac/xa: 0 when nothing
      // records (no activation, or an ended one), else an Invocation that carries its list.
      ea(id) {
        const L = cur;
        if (L === undefined) {
          session.thenNext = undefined; // an async then callback: not traced
          return 0;
        }
        if (L.closed) {
          if (L.muted === 0) return 0;
          mute(L); // inside a muted invocation: muted too
          return new Invocation(L, true);
        }
        const n = L.n;
        if (L.pending >= 0 && L.pending === n - 1) {
          L.pending = -1;
          if (!session.awaitedSites.has(L.ev[n - 2])) {
            L.ev[n - 1] = ASYNC_CALLEE;
            if (session.eagerAsync.has(id) && L !== session.moduleList) {
              // Recorded apart, put after the call when it ends (async-calls.js).
              const group = startGroup(L, id, n);
              add(group, -1, id);
              cur = group;
              return new Invocation(group, false, L);
            }
            mute(L);
            return new Invocation(L, true);
          }
          L.ev[n - 1] = id;
        } else if (L.hostEnd === n && L.ev[n - 1] === MAP_CALLEE && session.eagerAsync.has(id) && L !== session.moduleList) {
          // An async callback of map that may run whole at its call (`ids.map(async (id) => …)`):
          // recorded apart as an eager call's, marked (EAGER_EVENT) so the addon tells it from a
          // muted one, and put after the host's call event when it ends, in the order the
          // invocations began (async-calls.js). L records nothing meanwhile, so the host's next
          // invocation starts at the same place.
          L.pending = -1;
          const group = startGroup(L, id, n, true);
          add(group, -1, id);
          add(group, EAGER_EVENT, 0);
          cur = group;
          return new Invocation(group, false, L);
        } else if (!(n === 0 && id === session.mainId)) {
          L.pending = -1;
          add(L, -1, id);
          add(L, -2, 0);
          mute(L);
          return new Invocation(L, true);
        }
        L.stamp++;
        add(L, -1, id);
        return new Invocation(L, false);
      },
      // The end of an async invocation (its `finally`, also after a rejected await): a traced
      // one's exit goes to its own list, whatever is current. One that had suspended was
      // resumed by the event loop, which it now returns to: nothing is current any more.
      xa(token) {
        if (token === 0) return;
        if (!token.muted) {
          const L = token.list;
          if (!L.closed) {
            L.stamp++;
            add(L, -2, 0);
          }
          if (token.caller !== undefined) endGroup(session, L);
        } else if (!token.suspended) {
          unmute(token.list); // it ends before its first await
        }
        if (token.suspended) cur = undefined;
        else if (token.caller !== undefined) cur = token.caller; // back to its caller's list
      },
      // An await suspends the invocation. The first time, it leaves its caller's stack and the
      // caller goes on with the same list (a muted one's caller records again); later, it was
      // resumed by the event loop and returns to it.
      as(token, v) {
        if (token !== 0) {
          if (token.suspended) {
            cur = undefined;
          } else {
            token.suspended = true;
            if (token.muted) unmute(token.list);
            if (token.caller !== undefined) cur = token.caller; // its caller goes on
          }
        }
        return v;
      },
      // An await resumes (fulfilled): the invocation's list is current again; a muted one's is
      // MUTED_LIST, which records nothing, so its continuation and what it calls stay silent.
      ar(token, v) {
        session.thenNext = undefined; // a then callback would have run right after its wrapper named it
        cur = token === 0 ? undefined : token.muted ? MUTED_LIST : token.list;
        return v;
      },
      // A catch or finally block of an async function (instrument.js): the same as ar, for an
      // await whose promise rejected (the function resumes there, and H.ar does not run).
      // Token 0: nothing records there, whether it resumed (nothing is current at the event
      // loop) or not (its caller's list does not record either).
      ac(token) {
        if (token !== 0) cur = token.muted && token.suspended ? MUTED_LIST : token.list;
      },
      x() {
        const depth = frames.depth;
        leaveFrame();
        const L = current();
        if (L === undefined) return;
        if (L.closed) {
          const m = L.muteFrames;
          const top = m.length > 0 ? m[m.length - 1] : 0;
          if ((top === depth || top === -depth) && L.muted > 0) {
            // The exit of a callback whose body was not recorded.
            m.pop();
            unmute(L);
            if (top > 0) add(L, -2, 0);
            L.callbackEnd = L.n;
          }
          if (L.thenDepth === depth) {
            // A then callback leaving a list that closed meanwhile (its activation ended): back
            // to the microtask queue, with nothing current, and its group dropped.
            L.thenDepth = -1;
            cur = undefined;
            if (L.thenOwner !== undefined) {
              L.ended = true;
              release(L);
            }
          }
          return;
        }
        L.stamp++;
        add(L, -2, 0);
        const hosted = L.hostFrames;
        if (hosted.length > 0 && hosted[hosted.length - 1] === depth) {
          hosted.pop();
          L.hostEnd = L.n; // the host's next invocation may follow
        }
        if (L.thenDepth === depth) {
          // A then callback returns to the microtask queue: nothing is current there.
          L.thenDepth = -1;
          cur = undefined;
          const owner = L.thenOwner;
          if (owner !== undefined) {
            // Recorded apart (not awaited at once): kept for its place after the call.
            if (!owner.ended && !L.overflow) {
              if (owner.thenGroups === undefined) owner.thenGroups = [];
              owner.thenGroups.push(L.thenPos, L.ev.slice(0, L.n));
            }
            L.ended = true; // a later callback of a then it called records nothing
            L.closed = true;
            release(L);
          }
        }
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
      // An array pattern of names (`const [x, y] = e`, normalize.js arrayDeclaration): the
      // program's Array.isArray call and decision. The value passes through; anything but an
      // array through an iterable that throws V8's own TypeError when it is not iterable (V8
      // names the value there, not the text).
      ap(callSite, ifSite, v) {
        const L = current();
        if (L !== undefined && !L.closed) {
          const isArray = two(globalThis, 'Array', 'isArray');
          callee(callSite, isArray);
          if (isArray === IS_ARRAY) record(ifSite, isArrayQuietly(v) ? 0 : 1);
        }
        return untracedIterable(v, null);
      },
      // An array literal's spread holding decisions: the value, or for anything but an array an
      // iterable that throws V8's own "x is not iterable" (message) when it is not iterable.
      sp(v, message) {
        return isArrayQuietly(v) ? v : untracedIterable(v, message);
      },
      // A call's last spread argument (instrument.js callEdits): V8's TypeError naming its text
      // for null or undefined, `${before}${v}${after}`, thrown here (no pass-through: recording or
      // not, this is the frame V8's trace starts after; positions.js places it at the call).
      nx: function nx(v, before, after) {
        if (v != null) return v;
        const error = new TypeError(`${before}${v}${after}`);
        Error.captureStackTrace(error, nx);
        throw error;
      },
      // A last spread argument after another spread (values.js; no pass-through, as nx).
      ns: spreadNotIterable,
      // The callback of `p.then(cb)` at a then site (instrument.js): a wrapper that names the
      // list cb records into when `then` calls it (then-reactions.js thenWrapper).
      tw(site, fn) {
        if (typeof fn !== 'function' || !recording()) return fn;
        const info = session.thenSites.get(site);
        return info === undefined ? fn : thenWrapper(session, info, fn);
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
      // dq[site] marks as dp does, for the default of a nested array pattern (`[[b] = [H.dq[7]]]`,
      // instrument.js markDefault): a property read, which V8's "… is not iterable" does not name
      // as it would a call. Its value, undefined, is an element the pattern never reaches. It
      // needs no pass-through: once stopped nothing is current and it only returns undefined.
      dq: new Proxy(
        {},
        {
          get(target, key) {
            const L = current();
            if (L !== undefined && !L.closed && typeof key === 'string') L.defaults.push(Number(key));
            return undefined;
          },
        }
      ),
      // The default of a nested pattern `{ o: { k } = {} }` over a name p (instrument.js
      // markDefault 'peek'): after the property has bound, p.o peeked (no getter runs) tells
      // whether the default was taken: marked as dp does; an accessor or an exotic object marks
      // ~site, which makes dd record nothing. Returns the key the extra property reads.
      pd(site, o, k) {
        const L = current();
        if (L !== undefined && !L.closed) {
          const v = peekProperty(o, k);
          if (v === NOPE) L.defaults.push(~site);
          else if (v === undefined) L.defaults.push(site);
        }
        return UNUSED_KEY;
      },
      // An optional call without arguments (`f?.(...H.de(site,H.c0(…)))`): marks as dp does
      // that the callee was not nullish, and passes the call hook's empty argument list on.
      de(site, v) {
        const L = current();
        if (L !== undefined && !L.closed) L.defaults.push(site);
        return v;
      },
      nc(site) {
        record(site, 1);
      },
      // A logical assignment to a computed member (`o[k] ??= v`): ls forgets any mark of `site`
      // (a v that threw), lm records the decision from dp's mark: whether v ran (then, 0; for
      // `||=`, whose assignment is the else side, 1).
      ls(site) {
        const L = current();
        if (L === undefined || L.closed) return;
        for (let at = L.defaults.lastIndexOf(site); at >= 0; at = L.defaults.lastIndexOf(site)) L.defaults.splice(at, 1);
      },
      lm(site, inverted, marks, v) {
        const L = current();
        if (L === undefined || L.closed) return v;
        const at = L.defaults.lastIndexOf(site);
        if (at >= 0) L.defaults.splice(at, 1);
        record(site, (at >= 0) !== (inverted === 1) ? 0 : 1);
        return v;
      },
      // An array pattern's rest element (normalize.js destructure): the program calls slice on a
      // fresh array, so the callee is Array.prototype's own `slice` (a replaced one: "anything else").
      sl(site) {
        if (recording()) callee(site, peekProperty(ARRAY_PROTOTYPE, 'slice'));
      },
      dd(site) {
        const L = current();
        if (L === undefined || L.closed) return;
        const unknown = L.defaults.lastIndexOf(~site);
        if (unknown >= 0) {
          L.defaults.splice(unknown, 1); // H.pd could not peek: the decision stays untraced
          return;
        }
        const at = L.defaults.lastIndexOf(site);
        if (at >= 0) L.defaults.splice(at, 1);
        record(site, at >= 0 ? 0 : 1);
      },
    };
  }

  /**
   * Makes the hooks their pass-throughs (STOPPED_HOOKS): the instrumented code then runs as the
   * plain code with a few inlined calls. Nothing is current any more.
   */
  stop() {
    if (this.stopped) return;
    this.flush(); // activations that finished before the stop still count
    this.stopped = true;
    this.stopTypes();
    this.setCurrent(undefined);
    this.switches.on = false;
  }

  /** Makes the operand-type hooks pass-throughs (after the first activations, or at stop()). */
  stopTypes() {
    this.switches.types = false;
    this.typeStack.length = 0;
  }

  /**
   * Starts the module's run: puts the hooks in the global slot the instrumented code reads at its
   * first line, and makes the module's own list the current one (no stack frame is added under
   * the action's code). endModule() must follow the evaluation.
   */
  beginModule() {
    const L = newList();
    this.moduleList = L;
    globalThis[Symbol.for(HOOKS_SLOT)] = this.hooks;
    this.setCurrent(L);
    return L;
  }

  /** Ends the module's run: nothing else may see the hooks slot; the module's list is merged. */
  endModule() {
    delete globalThis[Symbol.for(HOOKS_SLOT)];
    if (this.getCurrent() === this.moduleList) this.setCurrent(undefined);
    if (this.moduleList) this.finishModule(this.moduleList);
  }

  finishModule(L) {
    L.ended = true;
    L.closed = true;
    if (this.stopped) {
      release(L);
      return;
    }
    try {
      this.recorder.mergeModule(L.ev.subarray(0, L.n));
    } catch (error) {
      this.reject(error);
    }
    release(L);
  }

  /**
   * Starts one activation with its own list. enter() makes it current for the synchronous code
   * that runs next (the engine calls main right after, with no extra stack frame), until leave()
   * or, unless `explicitLeave` (the caller calls leave() when main returns, as the engine does), at
   * the latest the microtask it queues (the end of the current task's synchronous run); main's
   * async invocations carry it across their awaits (makeHooks). call(fn, arg) runs fn in it and
   * restores the current list; end() merges the list. `types`: record operand types in this
   * activation whatever the count (a fallback's), until its end().
   */
  activation({ types = false } = {}) {
    const L = newList();
    this.activations++;
    if (types && !this.stopped) {
      this.typeHolds.add(L);
      this.switches.types = true;
    } else if (this.activations > this.typeActivations && this.typeHolds.size === 0 && this.switches.types) {
      this.stopTypes();
    }
    return new Activation(this, L);
  }

  finishActivation(L) {
    // The last activation holding types ended: past the first activations, they go off again.
    if (this.typeHolds.delete(L) && this.typeHolds.size === 0 && this.activations > this.typeActivations) this.stopTypes();
    if (L.ended) return;
    L.ended = true;
    L.closed = true;
    if (L.thenGroups !== undefined) spliceThenGroups(L);
    if (this.stopped) {
      release(L);
      return;
    }
    if (L.overflow) {
      release(L);
      this.reject(new RangeError(`an activation recorded more than ${MAX_EVENTS / 2} events; its list was dropped`));
      return;
    }
    if (!this.deferMerges) {
      this.mergeNow(stripEntry(L.ev, this.mainId, L.n));
      release(L);
      return;
    }
    // The merge runs off the reply's path; an ended list takes no more events, its length is
    // kept all the same.
    this.queue.push(L, L.n);
    if (this.queue.length >= 2 * MAX_QUEUED) this.flush();
    else if (this.queue.length === 2) setImmediate(this.flushLater);
  }

  /** Merges every finished list not merged yet (before the trace is read, say). */
  flush() {
    const queue = this.queue;
    this.queue = [];
    for (let i = 0; i < queue.length; i += 2) {
      const L = queue[i];
      this.mergeNow(stripEntry(L.ev, this.mainId, queue[i + 1]));
      release(L);
    }
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
 * One activation of a session (TraceSession.activation()): a class rather than an object of
 * closures, so that starting one allocates two objects (it and its list), not six.
 */
class Activation {
  constructor(session, list) {
    this.session = session;
    this.events = list;
  }

  enter(explicitLeave = false) {
    this.session.setCurrent(this.events);
    if (!explicitLeave) queueMicrotask(() => this.leave());
  }

  leave() {
    if (this.session.getCurrent() === this.events) this.session.setCurrent(undefined);
  }

  call(fn, arg) {
    const session = this.session;
    const previous = session.getCurrent();
    session.setCurrent(this.events);
    try {
      return fn(arg);
    } finally {
      session.setCurrent(previous);
    }
  }

  end() {
    this.session.finishActivation(this.events);
    this.leave();
  }
}

/** One async invocation (H.ea's token): the list it records into, muted or not, and whether it has suspended yet (every later run of it is a resumption by the event loop). */
class Invocation {
  constructor(list, muted, caller = undefined) {
    this.list = list;
    this.muted = muted;
    this.suspended = false;
    this.caller = caller; // an eager invocation's (its list is a group): the list its caller records into
  }
}

/** What the operand-type hooks become after the first activations (stopTypes). */
const TYPE_PASS_THROUGHS = { tl: 1, tr: 1, tc: 1, tk: 1, tu: 1, ta: 2, up: 3, pt: null }; // an argument index: it returns that argument (switchable.js)

/**
 * What the other hooks become at stop(); H.r, H.cr and H.cr0 have none (they keep their
 * receivers and throw V8's message whether recording or not, checking `stopped` themselves).
 */
const STOPPED_HOOKS = (() => {
  const same = 1; // returns its argument 1 (switchable.js)
  const empty = () => EMPTY;
  const none = null; // returns undefined
  const keepReceiver = (site, v) => {
    if (v != null) receivers.push(v, frames.depth);
    return v;
  };
  // Still counted when stopped: H.r/H.cr keep their receivers by frame depth (popReceiver).
  const enter = () => {
    frames.depth++;
  };
  const exit = leaveFrame;
  return { ac: none, fi: 8, fk: none, fe: none, fb: none, rx: same, ea: () => 0, xa: none, as: same, ar: same, t: same, n: same, c: same, cf: same, cm: same, cm2: same, tw: 1, c0: empty, cf0: empty, cm0: empty, cm20: empty, e: enter, x: exit, dp: same, de: same, pd: () => UNUSED_KEY, dd: none, nc: none, sl: none, ls: none, lm: 3, fo: (a, b, c, v, message) => untracedIterable(v, message), ap: (a, b, v) => untracedIterable(v, null), sd: 0, ct: same, la: 3, pk: none, nr: keepReceiver };
})();

MUTED_LIST = newList();
MUTED_LIST.closed = true;
MUTED_LIST.ended = true; // never reopened
release(MUTED_LIST);

/** The for...in states of a list (H.fi), innermost last. */
function forInStates(L) {
  if (L.forIn === undefined) L.forIn = [];
  return L.forIn;
}

/**
 * The state of the for...in loop `more` running in the current frame; states above it (loops
 * left by a throw, a return or a jump past them) are dropped, and so is it when `remove`.
 */
function forInState(L, more, remove) {
  const states = L.forIn;
  if (states === undefined) return undefined;
  for (let at = states.length - 1; at >= 0; at--) {
    const s = states[at];
    if (s.more === more && s.depth === frames.depth) {
      states.length = remove ? at : at + 1;
      return s;
    }
    if (s.depth < frames.depth) return undefined; // an outer frame's loop: not this one's
  }
  return undefined;
}

/**
 * The list a then callback entering with no list current records into (its wrapper named it just
 * before): that activation's, when the callback is the one of its call and the activation has
 * recorded nothing since. The callback is then recorded as a callback host's invocation
 * (hostFrames), and x() makes nothing current again when it returns.
 */
function thenCallback(session, id) {
  const w = session.thenNext;
  session.thenNext = undefined;
  const L = w.L;
  if (w.id !== id || L.ended || L.closed || (w.awaited && L.n !== w.n)) return undefined;
  if (w.awaited) {
    L.hostEnd = L.n;
    L.thenDepth = frames.depth;
    return L;
  }
  const group = newList();
  group.hostEnd = 0;
  group.thenDepth = frames.depth;
  group.thenOwner = L;
  group.thenPos = w.n;
  return group;
}

/**
 * The sites of calls whose result the next statement awaits: `call site r = f(x)` followed by
 * `set t = await r` (trace-ir.md section 4). Only there is an async user function inlined.
 */
function awaitedCallSites(program) {
  const sites = new Set();
  const visit = (block) => {
    if (!Array.isArray(block)) return;
    block.forEach((s, i) => {
      const next = block[i + 1];
      if (s.s === 'call' && s.result !== null && next && next.s === 'set' && next.value && next.value.e === 'await' && next.value.arg.a === 'var' && next.value.arg.name === s.result) {
        sites.add(s.site);
      }
      for (const k of ['then', 'else', 'body', 'catch', 'finally']) visit(s[k]);
    });
  };
  for (const f of program.functions) visit(f.body);
  visit(program.module.body);
  return sites;
}

/**
 * main is called by the engine, not from an instrumented call site, so its own enter and exit are
 * not part of the list (trace-ir.md section 7); anything after main's exit (a timer it left) is
 * dropped too, as it is outside the activation's path. `ev`: an Int32Array (the result is a
 * view of it) or an array (tests; the result is a copy).
 */
function stripEntry(ev, mainId, length = ev.length) {
  if (length >= 2 && ev[0] === -1 && ev[1] === mainId) {
    let depth = 0;
    for (let i = 0; i < length; i += 2) {
      if (ev[i] === -1) depth++;
      else if (ev[i] === -2 && --depth === 0) return int32Range(ev, 2, i);
    }
    return int32Range(ev, 2, length);
  }
  return int32Range(ev, 0, length);
}

/** ev[from..to) as an Int32Array: a view of a list's own buffer, or a copy of an array. */
function int32Range(ev, from, to) {
  if (ev instanceof Int32Array) return ev.subarray(from, to);
  const out = new Int32Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = ev[i];
  return out;
}

/** How many receivers H.r keeps right now (tests: none should be left between activations). */
function receiversKept() {
  return receivers.length / 2;
}

module.exports = { TraceSession, peekProperty, stripEntry, receiversKept, typeTag, MAX_EVENTS, NOPE, TYPE_ACTIVATIONS };
