// Async helpers traced where their promise is not awaited at once (`Promise.all(ids.map((id) => getUser(id)))`), and async callbacks of map (`ids.map(async (id) => …)`): which functions qualify, and the invocation groups the recorder keeps for them.
'use strict';

const { BUILTIN_PATHS } = require('./builtins');
const { newList, release } = require('./event-lists');
const { spliceThenGroups } = require('./then-reactions');

/**
 * Why this is exact (docs/trace-ir.md section 5.1, "async calls not awaited at once"): Node.js
 * runs such an invocation up to its first await at the call (its *prefix*), and the rest (its
 * *tail*) later, interleaved with its caller and with the other invocations; native code runs it
 * whole at the call. The two agree when the tail can neither be seen nor see anything: it has no
 * effect (no log, fetch, clock, random, user call, module write, `new`, then) and reads no state
 * another piece of code could change meanwhile (nothing reachable from its parameters or
 * captures: only values it made itself, or got from its own fetch). The prefix runs in the same
 * order in both. A function qualifies statically (eagerAsyncFunctions); the calls of its tail and
 * the call its first await waits on are also checked on the recorded events (groupAllowed):
 * only the built-ins below may be their targets.
 */

/** Built-ins a tail may call: no effect, no callback, reading only their (fresh) arguments. */
const TAIL_BUILTINS = new Set([
  'Response.prototype.json', 'Response.prototype.text', 'Headers.prototype.get', 'JSON.parse', 'JSON.stringify',
  'String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'Object.keys', 'Object.values', 'Object.entries', 'Array.isArray',
  'Array.prototype.slice', 'Array.prototype.join', 'Array.prototype.includes', 'Array.prototype.indexOf', 'Array.prototype.concat', 'Array.prototype.push',
  'String.prototype.trim', 'String.prototype.toUpperCase', 'String.prototype.toLowerCase', 'String.prototype.slice', 'String.prototype.split',
  'String.prototype.includes', 'String.prototype.startsWith', 'String.prototype.endsWith', 'String.prototype.indexOf', 'String.prototype.padStart', 'String.prototype.padEnd',
  'Math.max', 'Math.min', 'Math.round', 'Math.floor', 'Math.ceil', 'Math.abs', 'Number.prototype.toFixed', 'Promise.resolve',
  // Callback hosts: their callbacks are functions made in the tail and checked as it is (quietTail).
  'Array.prototype.map', 'Array.prototype.filter', 'Array.prototype.forEach', 'Array.prototype.some', 'Array.prototype.every',
  'Array.prototype.find', 'Array.prototype.findIndex', 'Array.prototype.reduce', 'Array.prototype.flatMap',
]);
/**
 * Built-ins the first await may wait on when it awaits a call's result at once: a user function
 * there would be inlined with its own tail (run at the call natively, later in Node.js), and a
 * then callback runs later in Node.js.
 */
const FIRST_AWAIT_BUILTINS = new Set(['fetch', 'Promise.all', 'Promise.resolve', 'Response.prototype.json', 'Response.prototype.text']);
/** Globals whose state no action code changes in a compilable program (their own built-ins). */
const NAMESPACES = new Set(['JSON', 'Math', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Promise', 'console', 'fetch', 'parseInt', 'parseFloat', 'Date', 'Response', 'Headers', 'encodeURIComponent', 'decodeURIComponent', 'isNaN', 'isFinite']);

/** Built-in numbers (call events name −2 − k) to the set of allowed ones of `paths`. */
function calleesOf(paths) {
  const out = new Set();
  BUILTIN_PATHS.forEach((path, k) => {
    if (paths.has(path)) out.add(-2 - k);
  });
  return out;
}
const TAIL_CALLEES = calleesOf(TAIL_BUILTINS);
const FIRST_AWAIT_CALLEES = calleesOf(FIRST_AWAIT_BUILTINS);
/** The same, with Promise.prototype.then for `await fetch(u).then((r) => r.json())` (firstAwaitThen). */
const FIRST_AWAIT_THEN_CALLEES = calleesOf(new Set([...FIRST_AWAIT_BUILTINS, 'Promise.prototype.then']));

/**
 * The event (a, b) = (EAGER_EVENT, 0) right after the enter of an async callback of map recorded
 * whole (a group): the addon traces that invocation as the host's; any other enter of an async
 * callback there (muted: enter, exit) marks the host's call opaque (addon/core/events.cc).
 */
const EAGER_EVENT = -3;

const BLOCK_KEYS = ['then', 'else', 'body', 'catch', 'finally'];

function containsAwait(s) {
  if (s.s === 'set' && s.value && s.value.e === 'await') return true;
  return BLOCK_KEYS.some((k) => Array.isArray(s[k]) && s[k].some(containsAwait));
}

/**
 * The locals of `fn` that may hold (or reach) an object some other code holds too: `seeds` (a
 * helper's parameters and captures), a caught value, and whatever is computed from them but for
 * operators' results (a primitive); an object a shared value is stored into (a property set, or
 * any call given one: `xs.push(user)`, `Object.assign(o, user)`); and what the functions made in
 * the first `prefix` statements capture, which they may store anything into (functions made in
 * the tail are checked not to). A fetch's result is a new Response. Flow-insensitive, so a loop
 * needs no care.
 */
function sharedLocals(fn, seeds, prefix = 0) {
  const shared = new Set(seeds);
  const captured = (block) => {
    for (const s of block) {
      if (s.s === 'set' && s.value.e === 'function') for (const a of s.value.captures || []) if (a.a === 'var') shared.add(a.name);
      for (const k of BLOCK_KEYS) if (Array.isArray(s[k])) captured(s[k]);
    }
  };
  captured(fn.body.slice(0, prefix));
  const atomShared = (a) => a !== undefined && a !== null && ((a.a === 'var' && shared.has(a.name)) || (a.a === 'global' && !NAMESPACES.has(a.name)));
  const exprShared = (e) => {
    if (e.a !== undefined) return atomShared(e);
    switch (e.e) {
      case 'get':
        return atomShared(e.object);
      case 'object':
        return e.props.some((p) => atomShared(p.value) || atomShared(p.spread));
      case 'array':
        return e.items.some((i) => (i.spread !== undefined ? atomShared(i.spread) : atomShared(i)));
      case 'await':
        return atomShared(e.arg);
      case 'function':
        return (e.captures || []).some(atomShared);
      default:
        return false; // binary, unary, tostring: a primitive
    }
  };
  const callShared = (s) => {
    if (s.callee.a === 'global' && s.callee.name === 'fetch') return false;
    return atomShared(s.callee) || atomShared(s.this) || s.args.some((a) => atomShared(a.spread !== undefined ? a.spread : a));
  };
  let grew = true;
  const taint = (a) => {
    if (a !== undefined && a !== null && a.a === 'var' && !shared.has(a.name)) {
      shared.add(a.name);
      grew = true;
    }
  };
  const visit = (block) => {
    for (const s of block) {
      if (s.s === 'set' && exprShared(s.value)) taint({ a: 'var', name: s.name });
      else if (s.s === 'try' && s.param) taint({ a: 'var', name: s.param });
      else if (s.s === 'setprop' && (atomShared(s.value) || atomShared(s.key))) taint(s.object);
      else if (s.s === 'call' && callShared(s)) {
        if (s.result !== null) taint({ a: 'var', name: s.result });
        taint(s.this);
        for (const a of s.args) taint(a.spread !== undefined ? a.spread : a);
      }
      for (const k of BLOCK_KEYS) if (Array.isArray(s[k])) visit(s[k]);
    }
  };
  while (grew) {
    grew = false;
    visit(fn.body);
  }
  return atomShared;
}

/**
 * Whether `block` (a tail) has no effect and reads no shared state. `ctx`: {program, checks (its
 * call sites -> allowed callees, for the recorded events), sites (every site of the tail), made
 * (the functions made in the tail, checked as tails too: the only user functions a callback host
 * of the tail may run), depth}.
 */
function quietTail(block, shared, ctx) {
  const fresh = (a) => !shared(a);
  const checks = ctx.checks;
  const exprOk = (e) => {
    if (e.a !== undefined) return true;
    switch (e.e) {
      case 'binary':
        return fresh(e.left) && fresh(e.right); // an object operand's valueOf or toString reads it
      case 'unary':
        return e.op === 'typeof' || e.op === 'void' || fresh(e.arg);
      case 'tostring':
        return fresh(e.arg);
      case 'get':
        return fresh(e.object) && fresh(e.key);
      case 'object':
        return e.props.every((p) => (p.spread === undefined || fresh(p.spread)) && (p.computed === undefined || fresh(p.computed)));
      case 'array':
        return e.items.every((i) => i.spread === undefined || fresh(i.spread));
      case 'await':
        return fresh(e.arg);
      case 'function': {
        // A callback of a host in the tail (`d.items.map((x) => x.id)`): its parameters get
        // the host's fresh elements; its captures are as shared as the atoms they copy. Called
        // in any other way it is a user call, which the events refuse.
        const fn = ctx.program.functions[e.id];
        if (fn === undefined || fn.async || ctx.depth >= 4) return false;
        const seeds = (fn.captures || []).filter((name, j) => shared((e.captures || [])[j]));
        if (!quietTail(fn.body, sharedLocals(fn, seeds), { ...ctx, depth: ctx.depth + 1 })) return false;
        ctx.made.add(fn.id);
        return true;
      }
      default:
        return false;
    }
  };
  for (const s of block) {
    if (s.site !== undefined) ctx.sites.add(s.site);
    if (s.value && s.value.site !== undefined) ctx.sites.add(s.value.site);
    switch (s.s) {
      case 'set':
        if (!exprOk(s.value)) return false;
        break;
      case 'setprop':
        // The value too: a function made here could store a shared one into an object the
        // helper reads later (sharedLocals does not follow closures).
        if (!fresh(s.object) || !fresh(s.key) || !fresh(s.value)) return false;
        break;
      case 'delete':
        if (!fresh(s.object) || !fresh(s.key)) return false;
        break;
      case 'call':
        if (s.construct || !fresh(s.callee) || !fresh(s.this) || !s.args.every((a) => fresh(a.spread !== undefined ? a.spread : a))) return false;
        checks.set(s.site, TAIL_CALLEES);
        break;
      case 'if':
        // A side that always ends in a throw: native code aborts there (a throw is Node.js's), and
        // Node.js runs the activation again from its start, so nothing of that side is seen
        // (`if (!res.ok) throw new Error(`${id}: ${res.status}`)`).
        for (const k of ['then', 'else']) if (!alwaysThrows(s[k]) && !quietTail(s[k], shared, ctx)) return false;
        break;
      case 'loop':
      case 'block':
      case 'try':
        for (const k of BLOCK_KEYS) if (Array.isArray(s[k]) && !quietTail(s[k], shared, ctx)) return false;
        break;
      case 'break':
      case 'continue':
      case 'return':
      case 'throw':
      case 'unknown':
        break;
      default:
        return false; // setmod, or anything new
    }
  }
  return true;
}

/**
 * `await p.then((r) => r.json())` as the first await (`p` fresh, a fetch's promise): Node.js runs
 * the callback later, as a tail, so it is checked as one (its parameter gets p's value, not
 * shared) and its invocation, which the recorder puts right after the call, counts as the tail's.
 */
function firstAwaitThen(fn, call, shared, ctx) {
  if (call.args.length !== 1 || call.args[0].a !== 'var' || shared(call.this)) return false;
  const name = call.args[0].name;
  const sets = [];
  const visit = (block) => {
    for (const s of block) {
      if ((s.s === 'set' && s.name === name) || (s.s === 'call' && s.result === name)) sets.push(s);
      for (const k of BLOCK_KEYS) if (Array.isArray(s[k])) visit(s[k]);
    }
  };
  visit(fn.body);
  if (sets.length !== 1 || sets[0].s !== 'set' || sets[0].value.e !== 'function') return false;
  const value = sets[0].value;
  const cb = ctx.program.functions[value.id];
  if (cb === undefined || cb.async) return false;
  const seeds = (cb.captures || []).filter((c, j) => shared((value.captures || [])[j]));
  if (!quietTail(cb.body, sharedLocals(cb, seeds), { ...ctx, depth: 1 })) return false;
  ctx.made.add(cb.id);
  ctx.sites.add(call.site);
  return true;
}

/** Whether every way through `block` ends in its last statement, a `throw` (no jump or return out of it). */
function alwaysThrows(block) {
  if (block.length === 0 || block[block.length - 1].s !== 'throw') return false;
  const leaves = (b) => b.some((s) => s.s === 'return' || s.s === 'break' || s.s === 'continue' || BLOCK_KEYS.some((k) => Array.isArray(s[k]) && leaves(s[k])));
  return !leaves(block);
}

/**
 * The async functions of `program` whose invocations not awaited at once are traced (run whole
 * at their call by native code): id -> {checks, sites, made} (quietTail), for groupAllowed.
 * A function without an await qualifies as it is (Node.js runs it whole at the call too); else
 * its first await must be a statement of its body (`set t = await x`, not inside a branch or
 * loop), of a fresh value, and what follows it a quiet tail.
 */
function eagerAsyncFunctions(program) {
  const out = new Map();
  for (const fn of program.functions) {
    if (!fn.async || fn.id === program.main_function) continue;
    const body = fn.body;
    const k = body.findIndex(containsAwait);
    const ctx = { program, checks: new Map(), sites: new Set(), made: new Set(), depth: 0 };
    if (k >= 0) {
      const first = body[k];
      if (first.s !== 'set' || first.value.e !== 'await') continue;
      const shared = sharedLocals(fn, [...fn.params.map((p) => p.replace(/^\.\.\./, '')), ...(fn.captures || [])], k + 1);
      if (shared(first.value.arg)) continue;
      const before = body[k - 1];
      if (before && before.s === 'call' && first.value.arg.a === 'var' && before.result === first.value.arg.name) {
        ctx.checks.set(before.site, firstAwaitThen(fn, before, shared, ctx) ? FIRST_AWAIT_THEN_CALLEES : FIRST_AWAIT_CALLEES);
      }
      if (!quietTail(body.slice(k + 1), shared, ctx)) continue;
    }
    out.set(fn.id, ctx);
  }
  return out;
}

/**
 * The list an eager async invocation records into: its enter first; kept apart from the
 * caller's (whose own events go on meanwhile) and put right after the call's event when it ends
 * (endGroup, spliceThenGroups), where the addon takes an inlined call (or a host's invocation).
 */
function startGroup(owner, id, pos, hostCallback = false) {
  const group = newList();
  group.asyncOwner = owner;
  group.asyncPos = pos;
  group.asyncId = id;
  group.hostCallback = hostCallback; // an async callback of map (recorder.js ea)
  // The invocations of one map call share a position: they are spliced in the order they began.
  owner.asyncSeq = (owner.asyncSeq || 0) + 1;
  group.asyncSeq = owner.asyncSeq;
  return group;
}

/**
 * The end of an eager invocation: its nested groups put in place, its events checked
 * (groupAllowed), then handed to its owner; dropped when the owner ended first (its call then
 * stays `{"opaque":"async"}`).
 */
function endGroup(session, G) {
  G.ended = true;
  G.closed = true;
  if (G.thenGroups !== undefined) spliceThenGroups(G);
  const owner = G.asyncOwner;
  if (!owner.ended) {
    let events;
    if (!G.overflow && groupAllowed(G, session.eagerAsync.get(G.asyncId))) events = G.ev.slice(0, G.n);
    // A map callback's invocation refused: a muted one's enter and exit in its place, which
    // makes the host's call opaque (a helper's call event names ASYNC_CALLEE already).
    else if (G.hostCallback) events = Int32Array.of(-1, G.asyncId, -2, 0);
    if (events !== undefined) {
      if (owner.thenGroups === undefined) owner.thenGroups = [];
      events.seq = G.asyncSeq;
      owner.thenGroups.push(G.asyncPos, events);
    }
  }
  release(G);
}

/**
 * Whether every checked call named an allowed built-in, and every user function a call of the
 * tail ran (a host's callback: an enter right under the invocation's own body once its tail
 * began, which an event of a tail site shows) is one made in the tail and checked.
 */
function groupAllowed(G, info) {
  if (info === undefined) return false;
  const { checks, sites, made } = info;
  const ev = G.ev;
  let depth = 0;
  let tail = false;
  for (let i = 0; i < G.n; i += 2) {
    const a = ev[i];
    if (a === -1) {
      depth++;
      if (tail && depth === 2 && !made.has(ev[i + 1])) return false;
    } else if (a === -2) {
      depth--;
    } else {
      if (depth === 1 && sites.has(a)) tail = true;
      if (checks.has(a) && !checks.get(a).has(ev[i + 1])) return false;
    }
  }
  return true;
}

module.exports = { EAGER_EVENT, eagerAsyncFunctions, startGroup, endGroup, groupAllowed };
