// Watches the built-ins that native code shares with nobody: whether an activation in Node.js changed them (a polluted prototype, a replaced method).
'use strict';

const util = require('node:util');

/**
 * Why: a compiled handler has its own built-ins, as they were when the action was traced. When an
 * activation that runs in Node.js (a fallback, a body native code leaves to Node.js) changes a
 * built-in, say `Object.prototype.isAdmin = true` through a deep merge of `{"__proto__": …}` from
 * the input (differential finding H12-8), or `console.log = () => {}` on a path the trace never
 * saw, every later Node.js activation sees the change and native code does not. A static check of
 * the program finds the writes it can name (proxy/trace/module-writes.js); this finds the ones
 * that come from the input. The runtime demotes the action to Node.js for good when told.
 *
 * What is compared: for each watched object, its own property keys in order, each property's
 * value (or getter), its prototype and whether it is extensible. On the global object only the
 * data properties there at load time: a global the action adds (`greeting = …` without `var`) is
 * the action's own, and native code that reads one was refused statically.
 */
function watchedObjects() {
  const list = [
    Object, Object.prototype, Array, Array.prototype, String, String.prototype, Number, Number.prototype,
    Boolean, Boolean.prototype, Symbol, Symbol.prototype, Function.prototype, Date, Date.prototype, RegExp,
    RegExp.prototype, Error, Error.prototype, TypeError.prototype, RangeError.prototype, SyntaxError.prototype,
    ReferenceError.prototype, Promise, Promise.prototype, Map.prototype, Set.prototype, JSON, Math, Reflect, console,
    util.inspect, util.inspect.defaultOptions,
  ];
  // fetch's results: reached through getters of the global object, which load them lazily.
  for (const name of ['Response', 'Headers']) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    const ctor = d && 'value' in d ? d.value : undefined;
    if (typeof ctor === 'function') list.push(ctor.prototype);
  }
  return list;
}

const valueOf = (d) => (d === undefined ? undefined : 'value' in d ? d.value : d.get);

function objectState(o) {
  const keys = Reflect.ownKeys(o);
  const values = keys.map((k) => valueOf(Reflect.getOwnPropertyDescriptor(o, k)));
  return { o, keys, values, proto: Object.getPrototypeOf(o), extensible: Object.isExtensible(o) };
}

function objectChanged(s) {
  const { o } = s;
  if (Object.getPrototypeOf(o) !== s.proto || Object.isExtensible(o) !== s.extensible) return true;
  const keys = Reflect.ownKeys(o);
  if (keys.length !== s.keys.length) return true;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== s.keys[i]) return true;
    if (!Object.is(valueOf(Reflect.getOwnPropertyDescriptor(o, keys[i])), s.values[i])) return true;
  }
  return false;
}

class SharedStateWatch {
  /** Takes the snapshot: call it once the action is loaded (its top-level code may set things up). */
  constructor() {
    this.objects = watchedObjects().map(objectState);
    this.globals = [];
    for (const k of Reflect.ownKeys(globalThis)) {
      const d = Reflect.getOwnPropertyDescriptor(globalThis, k);
      if (d && 'value' in d) this.globals.push([k, d.value]);
    }
    this.reason = undefined; // set for good by the first change found
  }

  /** Whether anything watched differs from the snapshot (sticky: once changed, always changed). */
  changed() {
    if (this.reason !== undefined) return true;
    for (const s of this.objects) {
      if (objectChanged(s)) {
        this.reason = `an activation changed the built-in ${describe(s.o)}`;
        return true;
      }
    }
    for (const [k, v] of this.globals) {
      const d = Reflect.getOwnPropertyDescriptor(globalThis, k);
      if (!d || !Object.is(valueOf(d), v)) {
        this.reason = `an activation changed the global ${String(k)}`;
        return true;
      }
    }
    return false;
  }
}

function describe(o) {
  if (o === util.inspect.defaultOptions) return 'util.inspect.defaultOptions';
  if (o === console) return 'console';
  if (o === Math) return 'Math';
  if (o === JSON) return 'JSON';
  if (o === Reflect) return 'Reflect';
  if (typeof o === 'function') return o.name || 'function';
  const ctor = Object.getOwnPropertyDescriptor(o, 'constructor');
  return ctor && typeof ctor.value === 'function' ? `${ctor.value.name}.prototype` : 'object';
}

/** The reply header that tells the native runtime to demote the action (actionloop/src/runtime.cc). */
const SHARED_STATE_HEADER = 'X-Containerless-Shared-State';

module.exports = { SharedStateWatch, SHARED_STATE_HEADER };
