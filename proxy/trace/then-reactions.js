// The tracer's side of `p.then(cb)`: which calls may be a then with a callback of the action, the wrapper of the callback that names the activation it records into, and where its events go.
'use strict';

const { types } = require('node:util');
const { MAX_EVENTS, release } = require('./event-lists');

const GET_PROTOTYPE = Object.getPrototypeOf;
/** Promise.prototype.then as it was at load (the callee a then site's call must have). */
const PROMISE_THEN = Promise.prototype.then;
const PROMISE_PROTOTYPE = Promise.prototype;
const PROMISE = Promise;
const SPECIES_GETTER = Object.getOwnPropertyDescriptor(Promise, Symbol.species).get;
/** The call event's callee for a user async function whose result is not awaited at once (docs/trace-ir.md section 7). */
const ASYNC_CALLEE = -2147483648;

/**
 * Whether `then` on `p` runs no code of the action: a native promise of Promise.prototype, with
 * the constructor and species `then` looks up as they were at load (read through descriptors).
 */
function plainPromise(p) {
  if (p === null || typeof p !== 'object' || types.isProxy(p) || GET_PROTOTYPE(p) !== PROMISE_PROTOTYPE) return false;
  if (Object.getOwnPropertyDescriptor(p, 'constructor') !== undefined) return false;
  const ctor = Object.getOwnPropertyDescriptor(PROMISE_PROTOTYPE, 'constructor');
  if (!ctor || ctor.value !== PROMISE) return false;
  const species = Object.getOwnPropertyDescriptor(PROMISE, Symbol.species);
  return species !== undefined && species.get === SPECIES_GETTER;
}

/** The name of the wrapper thenWrapper makes: positions.js leaves its frame out of stacks. */
const WRAPPER_NAME = 'containerlessThen';

/**
 * `p.then(cb)` at a site of thenCallbackSites (cb a function expression written there): cb runs
 * later, from the microtask p's fulfilment queues (while the activation is suspended on the
 * call's result, when it awaits it at once). The instrumented code passes `H.tw(site, cb)` (this
 * wrapper, made while an activation records) instead of cb: when `then` calls it, it names the
 * list cb records into (e(), thenCallback) and calls cb with the value, as `then` would. An
 * extra reaction of the tracer's on p would do the same, but V8 follows a pending promise's chain
 * for the `at async …` frames of an error only through a promise with one reaction (finding
 * H13-2). The wrapper's own frame is left out of stacks (positions.js mapTrace). The wrapper is
 * armed by the call's hook (armThen) only when the callee is Promise.prototype.then on a plain
 * promise; otherwise it only calls cb.
 */
function thenWrapper(session, site, cb) {
  const watch = { L: undefined, n: -1, site };
  const wrapper = {
    [WRAPPER_NAME](value) {
      const L = watch.L;
      if (L !== undefined) {
        watch.L = undefined; // one invocation: a then runs its callback once
        // Awaited at once: the activation is still suspended on the call (nothing recorded since).
        // Not awaited: the activation went on; the callback's group is recorded apart and put
        // right after the call when the activation ends (thenCallback, x(), spliceThenGroups).
        if (!L.ended && (!site.awaited || L.n === watch.n)) session.thenNext = { L, id: site.id, n: watch.n, awaited: site.awaited };
      }
      return cb(value);
    },
  }[WRAPPER_NAME];
  session.thenWatch = watch;
  return wrapper;
}

/** The call of `p.then(H.tw(site, cb))` at `site` records into L: arms the wrapper just made there, for a plain native p. */
function armThen(session, L, site, p) {
  const watch = session.thenWatch;
  session.thenWatch = undefined;
  if (watch === undefined || watch.site !== session.thenSites.get(site) || !plainPromise(p)) return;
  watch.L = L;
  watch.n = L.n;
}

/**
 * Puts the groups of then callbacks not awaited at once (recorded apart, thenCallback), and of
 * async invocations not awaited at once (async-calls.js), right after their calls' events, where
 * the addon takes a callback host's invocation or an inlined call, before the list is merged.
 */
function spliceThenGroups(L) {
  const groups = L.thenGroups; // (position, events) pairs, in the order the callbacks ran
  L.thenGroups = undefined;
  const order = [];
  for (let i = 0; i < groups.length; i += 2) order.push(i);
  order.sort((a, b) => groups[a] - groups[b] || (groups[a + 1].seq || 0) - (groups[b + 1].seq || 0));
  let extra = 0;
  for (const i of order) extra += groups[i + 1].length;
  if (L.n + extra > MAX_EVENTS) {
    L.overflow = true;
    return;
  }
  const ev = new Int32Array(L.n + extra);
  let from = 0;
  let to = 0;
  for (const i of order) {
    const pos = groups[i];
    ev.set(L.ev.subarray(from, pos), to);
    to += pos - from;
    from = pos;
    // An async invocation not awaited at once (async-calls.js): its call event named
    // ASYNC_CALLEE until now; the group's enter names the callee.
    if (ev[to - 1] === ASYNC_CALLEE && groups[i + 1][0] === -1) ev[to - 1] = groups[i + 1][1];
    ev.set(groups[i + 1], to);
    to += groups[i + 1].length;
  }
  ev.set(L.ev.subarray(from, L.n), to);
  release(L);
  L.ev = ev;
  L.n = ev.length;
}

/**
 * The call sites whose first argument is a function expression of the same body (`p.then((r) =>
 * r.json())`, the argument a temporary set once): site -> {id: that function's, awaited: whether
 * the next statement awaits the call's result, awaitedCallSites}. Whether the callee is
 * Promise.prototype.then is known only when the call runs.
 */
function thenCallbackSites(program, awaited) {
  const sites = new Map(); // site -> {id, awaited}
  const visitFunction = (body) => {
    const fns = new Map(); // local -> function id, -1 when set otherwise too
    const calls = [];
    const visit = (block) => {
      if (!Array.isArray(block)) return;
      for (const s of block) {
        if (s.s === 'set') fns.set(s.name, s.value && s.value.e === 'function' && !fns.has(s.name) ? s.value.id : -1);
        if (s.s === 'call' && s.args.length >= 1 && s.args[0].a === 'var') calls.push(s);
        for (const k of ['then', 'else', 'body', 'catch', 'finally']) visit(s[k]);
      }
    };
    visit(body);
    for (const c of calls) {
      const id = fns.get(c.args[0].name);
      if (id !== undefined && id >= 0) sites.set(c.site, { id, awaited: awaited.has(c.site) });
    }
  };
  for (const f of program.functions) visitFunction(f.body);
  return sites;
}

module.exports = { ASYNC_CALLEE, PROMISE_THEN, WRAPPER_NAME, thenWrapper, armThen, spliceThenGroups, thenCallbackSites };
