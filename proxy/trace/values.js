// Reading the action's values without running its code: property peeks through descriptors, type tags, and the iterables for...of and spreads are given.
'use strict';

const { types } = require('node:util');
const { builtinTables } = require('./builtins');

/** What a peek answers when it cannot read without running code (a getter, a proxy). */
const NOPE = Symbol('no side-effect-free read');

/** Array.isArray as it was at load: an action may replace the global one, which must not run here. */
const IS_ARRAY = Array.isArray;

/** The type tag bit of a value (trace-ir.md section 7); 0 for a symbol or a bigint. */
function typeTag(v) {
  switch (typeof v) {
    case 'number':
      return 8;
    case 'string':
      return 16;
    case 'object':
      if (v === null) return 2;
      return isArrayQuietly(v) ? 64 : 32;
    case 'boolean':
      return 4;
    case 'undefined':
      return 1;
    case 'function':
      return 128;
    default:
      return 0;
  }
}

/**
 * The reflection functions a peek uses, as they were at load: an action may replace the global
 * ones, and a hook must never run the action's code.
 */
const GET_OWN_PROPERTY = Reflect.getOwnPropertyDescriptor;
const GET_PROTOTYPE = Reflect.getPrototypeOf;
const APPLY = Reflect.apply;
const IS_PROXY = types.isProxy;

/** Prototypes that are known not to be proxies (captured at load; a hook's fast path). */
const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;
const STRING_PROTOTYPE = String.prototype;
const NUMBER_PROTOTYPE = Number.prototype;
const BOOLEAN_PROTOTYPE = Boolean.prototype;
const FUNCTION_PROTOTYPE = Function.prototype;

/** Whether `p` is one of the prototypes above (identity comparisons: cheaper than a Set's hash lookup, and a peek asks this for every object of a chain). */
function isPlainPrototype(p) {
  return p === ARRAY_PROTOTYPE || p === OBJECT_PROTOTYPE || p === STRING_PROTOTYPE || p === FUNCTION_PROTOTYPE || p === NUMBER_PROTOTYPE || p === BOOLEAN_PROTOTYPE;
}

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
      p = STRING_PROTOTYPE;
      break;
    case 'number':
      p = NUMBER_PROTOTYPE;
      break;
    case 'boolean':
      p = BOOLEAN_PROTOTYPE;
      break;
    default:
      return NOPE;
  }
  for (let depth = 0; p !== null && depth < 64; depth++) {
    if (!isPlainPrototype(p) && IS_PROXY(p)) return NOPE;
    const desc = GET_OWN_PROPERTY(p, k);
    if (desc !== undefined) {
      if ('value' in desc) return desc.value;
      return builtinTables().getters.has(desc.get) ? APPLY(desc.get, o, []) : NOPE;
    }
    p = GET_PROTOTYPE(p);
  }
  return p === null ? undefined : NOPE; // absent from the whole chain: reading it gives undefined
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
 * V8's "is not iterable" naming the value rather than the expression (for...of over a decision:
 * `(a || b)`), e.g. "number 1 is not iterable (cannot read property Symbol(Symbol.iterator))".
 */
function notIterableValue(v) {
  let what;
  if (v === null) what = 'object null';
  else if (typeof v === 'number' || typeof v === 'boolean') what = `${typeof v} ${String(v)}`;
  else what = typeof v; // undefined, bigint, symbol, object, function (a string is iterable)
  return `${what} is not iterable (cannot read property Symbol(Symbol.iterator))`;
}

/**
 * What for...of iterates when it is not recording: an array itself; anything else through an
 * iterable that gets the value's iterator when for...of asks, and throws the TypeError V8 would
 * have thrown for the original expression (`message`; null: V8's text naming the value), with no
 * frame of this file on its stack.
 */
function untracedIterable(v, message) {
  if (isArrayQuietly(v)) return v;
  const iterable = {
    [Symbol.iterator]: function iterator() {
      const method = v == null ? undefined : v[Symbol.iterator];
      if (typeof method !== 'function') {
        const error = new TypeError(message === null ? notIterableValue(v) : message);
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

/**
 * `f(...xs, ...v)` (a spread argument with another spread before it, instrument.js callEdits):
 * V8 spreads such an argument through its iterator path, whose TypeError for a value that is not
 * iterable names the value, not the source text ("number 5 is not iterable (cannot read property
 * Symbol(Symbol.iterator))"), or the callee of a call (`...g()`: "g is not iterable …"), given as
 * `text`; the hook around it would change both, so H.ns throws it itself (finding H12-17). A
 * value whose Symbol.iterator cannot be read without running code is passed on for V8 to decide.
 */
function spreadNotIterable(v, text) {
  if (v != null) {
    const f = peekProperty(v, Symbol.iterator);
    if (f === NOPE || (f !== undefined && f !== null)) return v;
  }
  const error = new TypeError(`${text === null ? iteratorErrorText(v) : text} is not iterable (cannot read property Symbol(Symbol.iterator))`);
  Error.captureStackTrace(error, spreadNotIterable);
  throw error;
}

/** How V8's iterator error prints a value: its type, and for a number or boolean its value. */
function iteratorErrorText(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'object null';
  const type = typeof v;
  return type === 'number' || type === 'boolean' ? `${type} ${String(v)}` : type;
}

module.exports = { NOPE, IS_ARRAY, typeTag, peekProperty, isArrayQuietly, recordingIterable, untracedIterable, spreadNotIterable };
