// The built-ins a call event may name (docs/trace-ir.md section 7): their paths, and their identities captured at load.
'use strict';

/**
 * The built-in callees, by JavaScript path. The order is the numbering of the program document's
 * `builtins` (a call event names builtins[k] as -2 - k), so new entries go at the end: a reordering
 * would change the meaning of recorded events.
 */
const BUILTIN_PATHS = Object.freeze([
  'console.log',
  'console.error',
  'console.warn',
  'console.info',
  'console.debug',
  'JSON.stringify',
  'JSON.parse',
  'Math.abs',
  'Math.ceil',
  'Math.floor',
  'Math.round',
  'Math.trunc',
  'Math.sign',
  'Math.sqrt',
  'Math.cbrt',
  'Math.pow',
  'Math.exp',
  'Math.log',
  'Math.log2',
  'Math.log10',
  'Math.min',
  'Math.max',
  'Math.hypot',
  'Math.sin',
  'Math.cos',
  'Math.tan',
  'Math.atan',
  'Math.atan2',
  'Math.random',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.assign',
  'Object.fromEntries',
  'Object.freeze',
  'Array.isArray',
  'Array.from',
  'Array.of',
  'Number.isInteger',
  'Number.isFinite',
  'Number.isNaN',
  'Number.isSafeInteger',
  'parseInt',
  'parseFloat',
  'Number.parseFloat',
  'Number.parseInt',
  'isNaN',
  'isFinite',
  'String',
  'Number',
  'Boolean',
  'String.fromCharCode',
  'encodeURIComponent',
  'decodeURIComponent',
  'Date.now',
  'Array.prototype.push',
  'Array.prototype.pop',
  'Array.prototype.shift',
  'Array.prototype.unshift',
  'Array.prototype.slice',
  'Array.prototype.splice',
  'Array.prototype.concat',
  'Array.prototype.join',
  'Array.prototype.indexOf',
  'Array.prototype.lastIndexOf',
  'Array.prototype.includes',
  'Array.prototype.reverse',
  'Array.prototype.sort',
  'Array.prototype.map',
  'Array.prototype.filter',
  'Array.prototype.forEach',
  'Array.prototype.reduce',
  'Array.prototype.some',
  'Array.prototype.every',
  'Array.prototype.find',
  'Array.prototype.findIndex',
  'Array.prototype.flat',
  'Array.prototype.fill',
  'String.prototype.charAt',
  'String.prototype.charCodeAt',
  'String.prototype.codePointAt',
  'String.prototype.indexOf',
  'String.prototype.lastIndexOf',
  'String.prototype.includes',
  'String.prototype.startsWith',
  'String.prototype.endsWith',
  'String.prototype.slice',
  'String.prototype.substring',
  'String.prototype.substr',
  'String.prototype.toUpperCase',
  'String.prototype.toLowerCase',
  'String.prototype.trim',
  'String.prototype.trimStart',
  'String.prototype.trimEnd',
  'String.prototype.padStart',
  'String.prototype.padEnd',
  'String.prototype.repeat',
  'String.prototype.split',
  'String.prototype.concat',
  'String.prototype.replace',
  'String.prototype.replaceAll',
  'String.prototype.match',
  'String.prototype.at',
  'Array.prototype.at',
  'Number.prototype.toFixed',
  'Number.prototype.toString',
  'Object.prototype.hasOwnProperty',
  'Object.prototype.toString',
  'Function.prototype.call',
  'Function.prototype.apply',
  'Object.hasOwn',
  'fetch',
  'Response.prototype.json',
  'Response.prototype.text',
  'Headers.prototype.get',
  'Object.getPrototypeOf',
  // Dates: `new Date(…)` is a call of `Date` with "construct": true (docs/trace-ir.md section 5).
  'Date',
  'Date.UTC',
  'Date.parse',
  'Date.prototype.getTime',
  'Date.prototype.valueOf',
  'Date.prototype.toISOString',
  'Date.prototype.toJSON',
  'Date.prototype.getUTCFullYear',
  'Date.prototype.getUTCMonth',
  'Date.prototype.getUTCDate',
  'Date.prototype.getUTCDay',
  'Date.prototype.getUTCHours',
  'Date.prototype.getUTCMinutes',
  'Date.prototype.getUTCSeconds',
  'Date.prototype.getUTCMilliseconds',
  'Date.prototype.getFullYear',
  'Date.prototype.getMonth',
  'Date.prototype.getDate',
  'Date.prototype.getDay',
  'Date.prototype.getHours',
  'Date.prototype.getMinutes',
  'Date.prototype.getSeconds',
  'Date.prototype.getMilliseconds',
  'Date.prototype.getTimezoneOffset',
  'Date.prototype.toUTCString',
  'Date.prototype.toString',
  // Appended (the indices above stay): exact in the runtime crate, compiled natively.
  'Math.imul',
  'Math.clz32',
  'Math.fround',
  'Number.prototype.toExponential',
  'Number.prototype.toPrecision',
  'encodeURI',
  'decodeURI',
  // Appended: callback hosts traced like map (recorder.js CALLBACK_HOST_PATHS).
  'Array.prototype.findLast',
  'Array.prototype.findLastIndex',
  'Array.prototype.reduceRight',
  'Array.prototype.flatMap',
  // Appended: Promise built-ins (docs/js-support.md; compiler/runtime/src/promise.rs). `then` is
  // a callback host (then-reactions.js thenWrapper); a `catch` callback is not traced.
  'Promise.resolve',
  'Promise.reject',
  'Promise.all',
  'Promise.prototype.then',
  'Promise.prototype.catch',
]);

/**
 * Getters the hooks may run to identify a callee (`r.headers.get(...)`, `r.url.slice(...)`,
 * `r.statusText.toLowerCase()`): built-in accessors with no effect, that answer the same value
 * every time (a Response's url, status and statusText are fixed when it is made).
 */
const SAFE_GETTER_PATHS = Object.freeze([
  'Response.prototype.headers',
  'Response.prototype.url',
  'Response.prototype.status',
  'Response.prototype.statusText',
  'Response.prototype.ok',
  'Response.prototype.redirected',
  'Response.prototype.type',
]);

/** Resolves a path such as 'Array.prototype.push' against globalThis; undefined when absent. */
function resolvePath(path) {
  let value = globalThis;
  for (const key of path.split('.')) {
    if (value == null) return undefined;
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (!desc) return undefined;
    if ('value' in desc) {
      value = desc.value;
    } else if (value === globalThis && typeof desc.get === 'function') {
      value = globalThis[key]; // Node's lazily loaded globals (Response, Headers) are getters
    } else {
      return undefined;
    }
  }
  return value;
}

/**
 * The identity table: each built-in function (a function with two paths, parseInt and
 * Number.parseInt, is named by the first) -> its index in BUILTIN_PATHS, and the safe getters.
 * Built once, when the first trace session starts (before any action code runs, so an action
 * that replaces console.log gets its replacement recorded as "anything else", -1), and not when
 * this module loads: the engine installs its replay wrappers of fetch, Date.now and Math.random
 * at its start (contract section C), which may come after this module is required.
 */
let tables;
function builtinTables() {
  if (tables !== undefined) return tables;
  const index = new Map();
  BUILTIN_PATHS.forEach((path, i) => {
    const value = resolvePath(path);
    if (typeof value === 'function' && !index.has(value)) index.set(value, i);
  });
  const getters = new Set();
  for (const path of SAFE_GETTER_PATHS) {
    const dot = path.lastIndexOf('.');
    const owner = resolvePath(path.slice(0, dot));
    const desc = owner == null ? undefined : Object.getOwnPropertyDescriptor(owner, path.slice(dot + 1));
    if (desc && typeof desc.get === 'function') getters.add(desc.get);
  }
  tables = { index, getters };
  return tables;
}

module.exports = { BUILTIN_PATHS, builtinTables, resolvePath };
