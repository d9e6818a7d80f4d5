// Makes Function.prototype.toString show the action's own source for its instrumented functions, as without tracing.
'use strict';

/**
 * V8 prints a function from the text of the script it was compiled from: for the traced engine that
 * is the instrumented code, hooks included (`function f(x) {__cl$h.e(0);try{ … }finally{…}}`).
 * Code that serializes functions, parses parameter names out of them, or logs handlers would see
 * that text. The instrumenter only inserts text (instrument.js), so the function's text is found
 * in the instrumented code (its hook sites make it unique) and its two ends are mapped back through
 * the insertions to a slice of the original.
 */

const HOOKS_MARK = '__cl$h';
const MAX_SOURCES = 64; // as positions.js: a test process loads many actions, the oldest are forgotten

const NATIVE_TO_STRING = Function.prototype.toString;
const sources = []; // {original, instrumented, insertions}, newest last
let installed = false;

/** The index of the last insertion placed at or before instrumented offset `offset` (`strict`: before it), or -1. */
function lastInsertion(insertions, offset, strict) {
  let lo = 0;
  let hi = insertions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = insertions[mid].at;
    if (strict ? at < offset : at <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The original offset of instrumented offset `offset`. A start never falls inside inserted text
 * (a function's text starts with the action's own characters); an end that does (an arrow's
 * concise body closed by the hooks' `}finally{…}}`) maps to where that text was inserted.
 */
function originalOffset(insertions, offset, isEnd) {
  const i = lastInsertion(insertions, offset, isEnd);
  if (i < 0) return offset;
  const ins = insertions[i];
  return offset < ins.at + ins.length ? ins.pos : ins.pos + (offset - ins.at - ins.length);
}

/** The original text of a function whose V8 text is `text`, or undefined when it is not one of the action's. */
function originalText(text) {
  for (let s = sources.length - 1; s >= 0; s--) {
    const { original, instrumented, insertions } = sources[s];
    const at = instrumented.indexOf(text);
    if (at < 0) continue;
    const start = originalOffset(insertions, at, false);
    const end = originalOffset(insertions, at + text.length, true);
    if (!(start >= 0 && end >= start && end <= original.length)) return undefined;
    return original.slice(start, end);
  }
  return undefined;
}

/**
 * Function.prototype.toString in the traced engine: the native one, except for the action's
 * instrumented functions. It is a method (no `prototype`, name "toString", length 0) and prints
 * itself as the native one does.
 */
const tracedToString = {
  toString() {
    if (typeof this !== 'function') throwAsNative(this);
    const text = Reflect.apply(NATIVE_TO_STRING, this === tracedToString ? NATIVE_TO_STRING : this, []);
    if (!text.includes(HOOKS_MARK)) return text;
    const mapped = originalText(text);
    return mapped === undefined ? text : mapped;
  },
}.toString;

const OWN_FRAMES = 2; // tracedToString and throwAsNative, on the stack of its TypeError

/**
 * The native toString's TypeError for a receiver that is not a function, with the stack V8 gives
 * it without the tracer: this file's frames taken out, and as many more captured first so that
 * as many of the caller's frames remain (Error.stackTraceLimit; H13-6).
 */
function throwAsNative(receiver) {
  const limit = Error.stackTraceLimit;
  const bumped = typeof limit === 'number' && limit >= 0 && limit < Infinity;
  if (bumped) Error.stackTraceLimit = limit + OWN_FRAMES;
  let error;
  try {
    Reflect.apply(NATIVE_TO_STRING, receiver, []);
  } catch (e) {
    error = e;
  } finally {
    if (bumped) Error.stackTraceLimit = limit;
  }
  if (error instanceof Error) {
    const stack = error.stack;
    if (typeof stack === 'string') {
      const lines = stack.split('\n');
      const kept = lines.filter((line, i) => i === 0 || !line.includes(__filename));
      if (kept.length < lines.length) error.stack = kept.join('\n');
    }
  }
  throw error;
}

/**
 * Registers one instrumented action (`code` → `instrumented` through instrument()'s insertions) and
 * puts the mapping toString in place the first time. Returns whether it is in place: where
 * Function.prototype.toString was already replaced by someone else, nothing is changed.
 */
function mapFunctionSources(code, instrumented, insertions) {
  if (!installed) {
    if (Function.prototype.toString !== NATIVE_TO_STRING) return false;
    const descriptor = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
    Object.defineProperty(Function.prototype, 'toString', { ...descriptor, value: tracedToString });
    installed = true;
  }
  sources.push({ original: code, instrumented, insertions });
  if (sources.length > MAX_SOURCES) sources.shift();
  return true;
}

module.exports = { mapFunctionSources, originalText };
