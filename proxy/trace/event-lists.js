// The per-activation event lists of the recorder: Int32Arrays written in place, grown by doubling, their buffers pooled.
'use strict';

/** An activation's list stops growing past this many ints (pairs * 2) and is then not merged: a bound, not a budget. */
const MAX_EVENTS = 2_000_000;
/**
 * Event lists are Int32Arrays written in place (`L.ev`, `L.n` ints used), not arrays grown by
 * push(): an array's growth copies it again and again (the transform of the trace-overhead
 * benchmark records 300 pairs an activation), and its merge needed a copy into an Int32Array
 * too; a typed list is handed to the recorder as a subarray. A list starts with INITIAL_EVENTS
 * ints and doubles when full. Finished lists' buffers are reused (POOL, at most POOL_SIZE of at
 * most POOL_MAX_EVENTS ints each, so one huge activation pins nothing): the recorder copies a list
 * during merge() and must not keep it (docs/trace-ir.md section 7).
 */
const INITIAL_EVENTS = 1024;
const POOL_SIZE = 8;
const POOL_MAX_EVENTS = 1 << 14;
const POOL = [];
/** The buffer of a released or muted list: no room, and an ended list never grows (grow()). */
const NO_EVENTS = new Int32Array(0);

/** A new, open list for one activation (or the module run), on a pooled buffer when one is free. */
function newList() {
  const ev = POOL.length > 0 ? POOL.pop() : new Int32Array(INITIAL_EVENTS);
  return { ev, n: 0, pending: -1, closed: false, overflow: false, defaults: [], sw: undefined, stamp: 0, typeStamp: [], typeUnion: [], muted: 0, muteFrames: [], callbackEnd: -1, hostEnd: -1, hostFrames: [], thenDepth: -1, thenOwner: undefined, thenPos: -1, thenGroups: undefined, ended: false };
}

/** Appends the pair (a, b) to L's events; when the list is full at MAX_EVENTS, marks it overflowed instead. */
function add(L, a, b) {
  const n = L.n;
  if (n >= L.ev.length && !grow(L)) return;
  const ev = L.ev;
  ev[n] = a;
  ev[n + 1] = b;
  L.n = n + 2;
}

/** Doubles L's buffer (up to MAX_EVENTS ints); false when it cannot: full (overflow), or ended. */
function grow(L) {
  const size = L.ev.length;
  if (size >= MAX_EVENTS) {
    L.overflow = true;
    return false;
  }
  if (L.ended) return false; // its buffer may be released already: a stray late event is dropped
  const ev = new Int32Array(Math.min(MAX_EVENTS, Math.max(INITIAL_EVENTS, size * 2)));
  ev.set(L.ev.subarray(0, L.n));
  L.ev = ev;
  return true;
}

/** An ended list whose events were merged or dropped gives its buffer back for the next lists. */
function release(L) {
  const ev = L.ev;
  L.ev = NO_EVENTS;
  L.n = 0;
  if (ev.length > 0 && ev.length <= POOL_MAX_EVENTS && POOL.length < POOL_SIZE) POOL.push(ev);
}

module.exports = { MAX_EVENTS, newList, add, release };
