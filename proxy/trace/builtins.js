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
]);

/** Resolves a path such as 'Array.prototype.push' against globalThis; undefined when absent. */
function resolvePath(path) {
  let value = globalThis;
  for (const key of path.split('.')) {
    if (value == null) return undefined;
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (!desc || !('value' in desc)) return undefined;
    value = desc.value;
  }
  return value;
}

/**
 * The identity table: each built-in function (a function with two paths, parseInt and
 * Number.parseInt, is named by the first) as it was when this module loaded -> its index in
 * BUILTIN_PATHS. Captured once, before any action code runs, so an action that replaces
 * console.log gets its replacement recorded as "anything else" (-1), never as the built-in.
 */
const BUILTIN_INDEX = new Map();
BUILTIN_PATHS.forEach((path, index) => {
  const value = resolvePath(path);
  if (typeof value === 'function' && !BUILTIN_INDEX.has(value)) BUILTIN_INDEX.set(value, index);
});

module.exports = { BUILTIN_PATHS, BUILTIN_INDEX, resolvePath };
