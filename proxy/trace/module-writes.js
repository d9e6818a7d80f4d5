// Whether any function of a normalized program may change an object that module state holds, through aliases too (the program's "compilable" verdict).
'use strict';

const { eachNode } = require('./syntax');

/**
 * Why this is checked over the whole program and not only over the trace: native code keeps its
 * own copy of the module's objects, and the compiler rejects traced paths that write into them
 * (compiler/src/pass_module_writes.cc), but a write on a path the trace never saw runs in Node.js
 * after a fallback, and later native activations would still read the old copy. So any function
 * that may write into module state, on any path and through any alias (a parameter, a local, a
 * property of a module object, a callback's element, a closure's capture, a helper's result),
 * makes the program not compilable.
 *
 * A flow-insensitive taint analysis in the style of the compiler's pass: every value has a level,
 * CLEAN (no module object reachable), CONTAINER (a fresh object or array holding module state:
 * writing into it is fine, what is read out of it is module state) or STATE (may be an object
 * module state holds). It is repeated until no level rises. Calls of user functions pass levels
 * to parameters (the callee known when the callee is a function value of one id, else every
 * function's), results back (the callee's returns), captures to a closure's locals, and the
 * receiver's elements to the callbacks of the array built-ins. Built-in calls (globals, and
 * methods of built-in prototypes by name) give a result of the level of their operands.
 *
 * The less direct flows (differential findings H12-1 to H12-6) are taken coarsely, on the side
 * of "not compilable": a spread argument hands its elements to every parameter from its place
 * on; any argument of a function reached through call/apply/Reflect.apply may be what it
 * changes; a thrown value reaches every catch parameter; a receiver reaches the callbacks given
 * to an unknown method (`p.then(cb)`) and operands the callbacks of any built-in; module state
 * stored into an object other than a fresh local (a global, a prototype, a parameter) may come
 * back from any property read; code the normalizer left to Node.js may change, or hand to any
 * function, what the names in its source hold.
 */

const CLEAN = 0;
const CONTAINER = 1;
const STATE = 2;

/** Methods that change their receiver (arrays, maps, sets, dates) and Object functions that change their first argument. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const MUTATING_OBJECT_FUNCTIONS = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf', 'freeze', 'seal', 'preventExtensions']);
/**
 * Methods that read their receiver only and call nothing of the action's: `X.prototype.m.call(o)`
 * of one of these does not change `o`. Any other function reached through `call` or `apply` is
 * taken to change its `this` (`Array.prototype.push.call(list, v)`, differential finding G11).
 */
const READ_ONLY_BY_CALL = new Set(['hasOwnProperty', 'propertyIsEnumerable', 'isPrototypeOf', 'toString', 'toLocaleString', 'valueOf',
  'join', 'includes', 'indexOf', 'lastIndexOf', 'at', 'charAt', 'charCodeAt', 'codePointAt', 'slice', 'substring', 'trim', 'toUpperCase', 'toLowerCase']);
/** Reflect functions that change the object they get, and the index of that argument. */
const REFLECT_WRITES = new Map([['apply', 1], ['set', 0], ['defineProperty', 0], ['deleteProperty', 0], ['setPrototypeOf', 0], ['preventExtensions', 0]]);
/**
 * The reasons of the `unknown`s that guard a normalized statement (for…of over what is not an
 * array, destructuring of null): the same code, normalized, is the other branch, so the analysis
 * has seen what Node.js runs there. Any other `unknown` is code the analysis cannot see.
 */
const GUARD_UNKNOWN = /^unsupported: (for\.\.\.of over a value that is not an array|array destructuring of a value that is not an array|destructuring null or undefined|for\.\.\.in over a value whose prototype)/;
/** The array built-ins that call back with the receiver's elements (and the accumulator for reduce). */
const CALLBACK_HOSTS = new Set(['sort', 'forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'reduce', 'reduceRight', 'flatMap', 'findLast', 'findLastIndex']);
/**
 * Method names of the built-in prototypes (strings, numbers, arrays, dates, responses, headers)
 * that call nothing of the action's: a call of one of these by name is taken as the built-in's,
 * not as a user method receiving its arguments as parameters.
 */
const BUILTIN_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'split', 'slice', 'substring', 'substr', 'indexOf', 'lastIndexOf',
  'includes', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'charAt', 'charCodeAt', 'codePointAt', 'repeat', 'replace', 'replaceAll',
  'concat', 'at', 'normalize', 'localeCompare', 'match', 'matchAll', 'search', 'toFixed', 'toPrecision', 'toExponential', 'toString',
  'valueOf', 'join', 'push', 'pop', 'shift', 'unshift', 'splice', 'reverse', 'fill', 'copyWithin', 'flat', 'keys', 'values', 'entries',
  'getTime', 'toISOString', 'toJSON', 'toUTCString', 'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours',
  'getUTCMinutes', 'getUTCSeconds', 'getUTCMilliseconds', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes',
  'getSeconds', 'getMilliseconds', 'getTimezoneOffset', 'json', 'text', 'get', 'has', 'hasOwnProperty', 'test', 'exec',
]);
/** Built-in functions reached from globals whose result holds none of their operands' objects. */
const PRIMITIVE_GLOBAL_ROOTS = new Set(['Math', 'console', 'JSON', 'Number', 'String', 'Boolean', 'Date', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'fetch']);
/** Built-in methods whose result is a primitive (or a new object holding none of the operands' objects). */
const PRIMITIVE_RESULT_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'substring', 'substr', 'indexOf', 'lastIndexOf', 'includes', 'startsWith',
  'endsWith', 'padStart', 'padEnd', 'charAt', 'charCodeAt', 'codePointAt', 'repeat', 'replace', 'replaceAll', 'normalize', 'localeCompare',
  'search', 'toFixed', 'toPrecision', 'toExponential', 'toString', 'join', 'some', 'every', 'findIndex', 'findLastIndex', 'getTime',
  'toISOString', 'toJSON', 'toUTCString', 'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes',
  'getUTCSeconds', 'getUTCMilliseconds', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds',
  'getMilliseconds', 'getTimezoneOffset', 'hasOwnProperty', 'test', 'has', 'keys', 'isArray', 'forEach', 'text',
]);
/** Built-in methods whose result is a new array or object that may hold the operands' objects (a shallow copy). */
const FRESH_RESULT_METHODS = new Set(['slice', 'concat', 'map', 'filter', 'flat', 'flatMap', 'split', 'entries', 'values', 'from', 'of', 'match', 'exec']);

/**
 * The first place where a function of the program may change an object held by a module
 * binding: {name, line, fn} (the binding, the statement's line, the function's name), or
 * undefined. `functions` and `moduleBody` are the program document's (trace-ir.md section 7).
 */
function moduleStateWrite(functions, moduleBody, mainId, ast, stats = {}) {
  const stateful = statefulBindings(moduleBody);
  const sourceAt = nodesByStart(ast);
  // The globals native code may read: those the normalized code reads, but after an `unknown`
  // in the same block (that code runs in Node.js only, after the abort).
  const globalsRead = new Set();
  const noteGlobals = (x) => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const item of x) {
        noteGlobals(item);
        if (item && item.s === 'unknown') break;
      }
      return;
    }
    if (x.a === 'global') globalsRead.add(x.name);
    for (const k of Object.keys(x)) if (x[k] && typeof x[k] === 'object') noteGlobals(x[k]);
  };
  functions.forEach((f) => f && noteGlobals(f.body));
  // Module bindings that are a function of one id (declarations and `const f = () => …`).
  const modFunction = new Map();
  walk(moduleBody, (s) => {
    if (s.s === 'setmod') modFunction.set(s.name, s.value && s.value.e === 'function' && !modFunction.has(s.name) ? s.value.id : -1);
  });
  const fns = functions.filter(Boolean);
  // Per function: what each local holds (all its `set`s), its locals' levels, and its return level.
  const info = new Map();
  for (const f of fns) {
    const sets = new Map();
    walk(f.body, (s) => {
      if (s.s === 'set' && s.name) {
        if (!sets.has(s.name)) sets.set(s.name, []);
        sets.get(s.name).push(s.value);
      }
    });
    // The names that code the normalizer left to Node.js uses (an `unknown` other than a
    // guard's): what they hold, that code may change or hand to any function.
    const opaque = [];
    walk(f.body, (s) => {
      if (s.s === 'unknown' && !GUARD_UNKNOWN.test(s.reason || '')) opaque.push({ line: s.loc ? s.loc[0] : 0, names: namesUsed(sourceAt, s.loc) });
    });
    // Locals only ever set to a new object or array literal: what is stored into them stays theirs.
    const fresh = new Set([...sets].filter(([, vs]) => vs.every((v) => v && (v.e === 'object' || v.e === 'array'))).map(([name]) => name));
    info.set(f.id, { f, sets, fresh, level: new Map(), binding: new Map(), ret: CLEAN, retBinding: undefined, received: [CLEAN], opaque });
  }
  let anyParams = { level: CLEAN, binding: undefined }; // what unknown callees may receive
  // Module state stored into an object that is not a fresh local (a global, a built-in, a
  // prototype, a parameter): from then on any property read or global may give it back
  // (differential finding H12-6: `global.R = CATALOG.meta; global.R.version = 4`).
  let escaped = [CLEAN];
  let changed = true;
  const raise = (fi, name, level, binding) => {
    if (level <= (fi.level.get(name) || CLEAN)) return;
    fi.level.set(name, level);
    fi.binding.set(name, binding);
    changed = true;
  };
  // Arguments from..from+count-1; a rest parameter `...xs` (the last) holds every argument from its index on.
  const raiseParams = (fi, level, binding, from = 0, count = Infinity) => {
    fi.f.params.forEach((p, i) => {
      const rest = p.startsWith('...');
      if (rest ? from + count > i : i >= from && i < from + count) raise(fi, rest ? p.slice(3) : p, level, binding);
    });
  };
  const atomLevel = (fi, a) => {
    if (!a) return [CLEAN];
    if (a.spread) return atomLevel(fi, a.spread);
    if (a.a === 'mod') return stateful.has(a.name) ? [STATE, a.name] : [CLEAN];
    if (a.a === 'var') return [fi.level.get(a.name) || CLEAN, fi.binding.get(a.name)];
    if (a.a === 'global') return escaped;
    return [CLEAN];
  };
  const maxOf = (pairs) => pairs.reduce((m, p) => (p[0] > m[0] ? p : m), [CLEAN]);
  // What a callee may receive from one argument: a spread argument hands on its elements, which
  // are module state when the spread array holds any (differential finding H12-1).
  const elements = (p) => (p[0] > CLEAN ? [STATE, p[1]] : [CLEAN]);
  const argLevel = (fi, a) => (a && a.spread ? elements(atomLevel(fi, a.spread)) : atomLevel(fi, a));
  // The function id a callee atom names, -1 when unknown, or null when it is a built-in.
  const calleeOf = (fi, a) => {
    if (!a) return -1;
    if (a.a === 'mod') return modFunction.has(a.name) ? modFunction.get(a.name) : -1;
    if (a.a === 'global') return null;
    if (a.a !== 'var') return -1;
    const values = fi.sets.get(a.name);
    if (!values || values.length !== 1) return -1;
    const v = values[0];
    if (v && v.e === 'function') return v.id;
    if (v && v.e === 'get') {
      const key = v.key && v.key.a === 'str' ? v.key.v : undefined;
      if (v.object.a === 'global') return PRIMITIVE_GLOBAL_ROOTS.has(v.object.name) || v.object.name === 'Object' || v.object.name === 'Array' ? null : -1;
      if (key !== undefined && (BUILTIN_METHODS.has(key) || CALLBACK_HOSTS.has(key))) return null;
    }
    return -1;
  };
  // The global a value is, or is read from (`console`, `Array.prototype`, `const M = Math`):
  // native code binds the built-ins as they were when traced, so a change to one on a path the
  // trace never saw would run in Node.js only (differential finding H12-7).
  const builtinRoot = (fi, a, depth = 0) => {
    if (!a || depth > 8) return undefined;
    if (a.a === 'global') return a.name;
    if (a.a !== 'var') return undefined;
    const values = fi.sets.get(a.name);
    if (!values || values.length === 0) return undefined;
    let root;
    for (const v of values) {
      const r = v && v.a === 'global' ? v.name : v && v.e === 'get' ? builtinRoot(fi, v.object, depth + 1) : undefined;
      if (r === undefined) return undefined;
      root = root || r;
    }
    return root;
  };
  const methodKey = (fi, a) => {
    if (!a || a.a !== 'var') return undefined;
    const values = fi.sets.get(a.name);
    if (!values || values.length !== 1 || !values[0] || values[0].e !== 'get') return undefined;
    const g = values[0];
    return { key: g.key && g.key.a === 'str' ? g.key.v : undefined, object: g.object };
  };
  const passTo = (id, argPairs, spreadFrom = Infinity) => {
    const targets = id >= 0 ? [info.get(id)].filter(Boolean) : [...info.values()];
    for (const fi of targets) {
      // Also what no declared parameter receives: a function whose code the normalizer left to
      // Node.js may read it through `arguments`.
      const m = maxOf(argPairs);
      if (m[0] > fi.received[0]) {
        fi.received = m;
        changed = true;
      }
    }
    if (id < 0) {
      const m = maxOf(argPairs);
      if (m[0] > anyParams.level) {
        anyParams = { level: m[0], binding: m[1] };
        changed = true;
      }
    }
    for (const fi of targets) if (id >= 0 || fi.f.id !== mainId) argPairs.forEach((p, j) => p[0] > CLEAN && raiseParams(fi, p[0], p[1], id >= 0 ? j : 0, id >= 0 && j < spreadFrom ? 1 : Infinity));
  };
  const exprLevel = (fi, v) => {
    if (!v) return [CLEAN];
    if (v.a) return atomLevel(fi, v);
    switch (v.e) {
      case 'get': {
        const o = atomLevel(fi, v.object);
        return o[0] > CLEAN ? [STATE, o[1]] : escaped;
      }
      case 'object': {
        const m = maxOf(v.props.map((p) => atomLevel(fi, p.spread || p.value)));
        return m[0] > CLEAN ? [CONTAINER, m[1]] : [CLEAN];
      }
      case 'array': {
        const m = maxOf(v.items.map((x) => (x.hole ? [CLEAN] : atomLevel(fi, x))));
        return m[0] > CLEAN ? [CONTAINER, m[1]] : [CLEAN];
      }
      case 'await':
        return atomLevel(fi, v.arg);
      case 'function': {
        const callee = info.get(v.id);
        if (callee && v.captures) {
          v.captures.forEach((a, j) => {
            const p = atomLevel(fi, a);
            if (p[0] > CLEAN && callee.f.captures) raise(callee, callee.f.captures[j], p[0], p[1]);
          });
        }
        return [CLEAN];
      }
      default:
        return [CLEAN]; // binary, unary, tostring: primitives
    }
  };
  let found;
  const check = (fi, s) => {
    const line = s.loc ? s.loc[0] : 0;
    const hit = (p) => {
      if (!found && p[0] === STATE) found = { name: p[1], line, fn: fi.f.name };
    };
    const hitBuiltin = (a) => {
      const root = builtinRoot(fi, a);
      if (!found && root !== undefined) found = { name: root, line, fn: fi.f.name, builtin: true };
    };
    if (s.s === 'unknown' && /^unsupported: the wrapper binding require/.test(s.reason || '')) {
      // A Node.js module's objects are shared by the whole process like the built-ins:
      // `require('util').inspect.defaultOptions.depth = 6` (differential finding H12-9).
      if (!found && writesRequired(sourceAt.get(s.loc ? `${s.loc[0]}:${s.loc[1]}` : ''))) found = { name: 'require(…)', line, fn: fi.f.name, builtin: true };
    }
    if (s.s === 'unknown' && /^unsupported: assignment to global /.test(s.reason || '')) {
      // A built-in replaced (`parseInt = …`), or a global of the action's own that native code
      // reads (`greeting = …` read back only on the same unknown path is Node.js's alone).
      const name = s.reason.slice('unsupported: assignment to global '.length);
      if (!found && (name in globalThis || globalsRead.has(name))) found = { name, line, fn: fi.f.name, builtin: true };
    }
    if (s.s === 'setprop' || s.s === 'delete') {
      hit(atomLevel(fi, s.object));
      hitBuiltin(s.object);
    }
    if (s.s === 'call') {
      const m = methodKey(fi, s.callee);
      if (m && MUTATING_METHODS.has(m.key)) hit(atomLevel(fi, s.this));
      if (m && m.object.a === 'global' && m.object.name === 'Object' && MUTATING_OBJECT_FUNCTIONS.has(m.key)) {
        hit(argLevel(fi, s.args[0]));
        hitBuiltin(s.args[0]);
      }
      if (m && (m.key === 'call' || m.key === 'apply')) {
        // Any argument may be what the function changes: `Object.assign.call(null, X, …)`, and
        // the elements of apply's array (`Object.assign.apply(null, [X, …])`, finding H12-1).
        const fn = methodKey(fi, m.object);
        const args = (s.args || []).map((a, j) => (m.key === 'apply' && j === 1 ? elements(argLevel(fi, a)) : argLevel(fi, a)));
        if (!(fn && READ_ONLY_BY_CALL.has(fn.key))) hit(maxOf(args));
      }
      if (m && m.object.a === 'global' && m.object.name === 'Reflect' && REFLECT_WRITES.has(m.key)) {
        const at = REFLECT_WRITES.get(m.key);
        hit(m.key === 'apply' ? maxOf([argLevel(fi, s.args[at]), elements(argLevel(fi, s.args[2]))]) : argLevel(fi, s.args[at]));
        if (m.key !== 'apply') hitBuiltin(s.args[at]);
      }
    }
  };
  // What code left to Node.js holds: module objects it names, the function's locals it names
  // (normalized names are the source's, or the source's with a `$n` suffix), the results of the
  // functions it names, and with `arguments` whatever the function received (findings H12-1).
  const opaqueHeld = (fi, u) => {
    if (u.names === null) return maxOf([fi.received, ...[...fi.level.entries()].map(([name, level]) => [level, fi.binding.get(name)])]);
    const pairs = [];
    for (const name of u.names) {
      if (stateful.has(name)) pairs.push([STATE, name]);
      if (name === 'arguments') pairs.push(fi.received);
    }
    for (const [local, level] of fi.level) if (u.names.has(local.replace(/\$\d+$/, ''))) pairs.push([level, fi.binding.get(local)]);
    for (const other of info.values()) if (other.f.name && u.names.has(other.f.name) && other.ret > CLEAN) pairs.push([STATE, other.retBinding]);
    return maxOf(pairs);
  };
  const checkOpaque = (fi) => {
    for (const u of fi.opaque) {
      const held = opaqueHeld(fi, u);
      if (!found && held[0] > CLEAN) found = { name: held[1], line: u.line, fn: fi.f.name };
    }
  };
  // Forward and backward passes in turn: parameters flow to callees declared later, results to
  // callers declared earlier, so a chain of helpers settles in a few passes, not one per link.
  const forward = [...info.values()];
  const backward = [...forward].reverse();
  let thrown = [CLEAN]; // what any `throw` of the program throws: every catch parameter may get it
  const raiseAny = (p) => {
    if (p[0] > anyParams.level) {
      anyParams = { level: p[0], binding: p[1] };
      changed = true;
    }
  };
  for (let pass = 0; changed; pass++) {
    stats.passes = pass + 1; // for the tests: the analysis must settle in a few passes
    changed = false;
    for (const fi of pass % 2 === 0 ? forward : backward) {
      if (anyParams.level > CLEAN && fi.f.id !== mainId) raiseParams(fi, anyParams.level, anyParams.binding);
      // Code left to Node.js may call any function with what it holds (a tagged template's
      // substitutions, finding H12-1).
      for (const u of fi.opaque) {
        const held = opaqueHeld(fi, u);
        if (held[0] > CLEAN) raiseAny([STATE, held[1]]);
      }
      walk(fi.f.body, (s) => {
        if (s.s === 'throw') {
          // A thrown value reaches catch parameters and rejection callbacks anywhere (a throw
          // crosses calls): finding H12-2.
          const p = atomLevel(fi, s.value);
          if (p[0] > thrown[0]) {
            thrown = [STATE, p[1]];
            changed = true;
          }
          raiseAny(p[0] > CLEAN ? [STATE, p[1]] : [CLEAN]);
        } else if (s.s === 'try' && s.param && thrown[0] > CLEAN) {
          raise(fi, s.param, thrown[0], thrown[1]);
        }
        if (s.s === 'set' && s.name) {
          const p = exprLevel(fi, s.value);
          raise(fi, s.name, p[0], p[1]);
        } else if (s.s === 'return') {
          const p = atomLevel(fi, s.value);
          if (p[0] > fi.ret) {
            fi.ret = p[0];
            fi.retBinding = p[1];
            changed = true;
          }
        } else if (s.s === 'setprop') {
          // A module object stored into a local object makes that object a container.
          const v = atomLevel(fi, s.value);
          if (v[0] > CLEAN && s.object.a === 'var') raise(fi, s.object.name, CONTAINER, v[1]);
          if (v[0] > CLEAN && !(s.object.a === 'var' && fi.fresh.has(s.object.name)) && escaped[0] < STATE) {
            escaped = [STATE, v[1]];
            changed = true;
          }
        } else if (s.s === 'call') {
          const thisP = atomLevel(fi, s.this);
          // A built-in handed to a function of the action is taken as module state there: what
          // the function writes into it, native code would not see.
          const argPairs = (s.args || []).map((a) => {
            const root = a && !a.spread ? builtinRoot(fi, a) : undefined;
            return root !== undefined && calleeOf(fi, s.callee) !== null ? [STATE, root] : argLevel(fi, a);
          });
          const firstSpread = (s.args || []).findIndex((a) => a && a.spread);
          const id = calleeOf(fi, s.callee);
          const m = methodKey(fi, s.callee);
          let result;
          if (id === null) {
            // A built-in: its result holds what its operands hold (a copy of them for the ones
            // making a new array, nothing for the ones giving primitives); a mutating one stores
            // its arguments into its receiver; a callback host hands the receiver's elements on.
            result = maxOf([thisP, ...argPairs]);
            const root = m && m.object.a === 'global' ? m.object.name : s.callee && s.callee.a === 'global' ? s.callee.name : undefined;
            const primitive = m && PRIMITIVE_RESULT_METHODS.has(m.key) && (root !== 'Object' || m.key === 'keys');
            if (primitive || (root && PRIMITIVE_GLOBAL_ROOTS.has(root))) result = [CLEAN];
            else if (m && root === 'Object' && m.key === 'assign') result = maxOf([atomLevel(fi, s.args && s.args[0]), result[0] > CLEAN ? [CONTAINER, result[1]] : [CLEAN]]);
            else if (m && FRESH_RESULT_METHODS.has(m.key) && result[0] > CLEAN) result = [CONTAINER, result[1]];
            else if (result[0] > CLEAN) result = [STATE, result[1]];
            if (m && MUTATING_METHODS.has(m.key) && s.this && s.this.a === 'var') {
              const a = maxOf(argPairs);
              if (a[0] > CLEAN) raise(fi, s.this.name, CONTAINER, a[1]);
            }
            if (m && CALLBACK_HOSTS.has(m.key)) {
              const elems = maxOf([thisP[0] > CLEAN ? [STATE, thisP[1]] : [CLEAN], ...argPairs.slice(1)]);
              if (elems[0] > CLEAN) {
                const cb = calleeOf(fi, s.args && s.args[0]);
                passTo(cb === null ? -1 : cb, [elems, elems, thisP, thisP]);
              }
            } else {
              // Any other built-in given a function of the action may call it with what its
              // other operands hold (`Array.from(X, fn)`, finding H12-4; `s.replace(re, fn)`).
              const operands = elements(maxOf([thisP, ...argPairs]));
              if (operands[0] > CLEAN) {
                (s.args || []).forEach((a) => {
                  const cb = a && !a.spread ? calleeOf(fi, a) : null;
                  if (cb !== null && cb >= 0) passTo(cb, [operands, operands, operands, operands]);
                });
              }
            }
          } else {
            // (A method's `this` is not followed: the normalizer leaves a function using `this`
            // unsupported, so its writes are found in its source, moduleWriteInSource.)
            passTo(id, argPairs, firstSpread < 0 ? Infinity : firstSpread);
            // An unknown method given a function of the action may call it with its receiver
            // (`g().then(cb)`: the promise's value, finding H12-3).
            if (id < 0 && m && thisP[0] > CLEAN) {
              (s.args || []).forEach((a) => {
                const cb = a && !a.spread ? calleeOf(fi, a) : null;
                if (cb !== null && cb >= 0) passTo(cb, [elements(thisP), elements(thisP)]);
              });
            }
            const rets = id >= 0 ? [info.get(id)].filter(Boolean) : [...info.values()];
            result = maxOf(rets.map((r) => [r.ret, r.retBinding]));
            if (result[0] > CLEAN) result = [STATE, result[1]];
          }
          if (s.result) raise(fi, s.result, result[0], result[1]);
        }
      });
    }
  }
  for (const fi of info.values()) {
    walk(fi.f.body, (s) => check(fi, s));
    checkOpaque(fi);
    if (found) return found;
  }
  return undefined;
}

/**
 * The first write, in the source of any function, into an object reached by a property chain from
 * one of the module bindings `names` (`M.k = v`, `M.a[k] ??= v`, `M.n++`, `delete M.k`,
 * `M.list.push(v)`, `Object.assign(M.o, v)`), or into `this` in an object literal's method (the
 * module object's, when the literal is a module binding's): {name, line} (name `this` then), or
 * undefined. It complements the
 * program's analysis inside code the normalizer left unsupported (there the program has an
 * `unknown`, whose statements run in Node.js only). A local shadowing a module binding's name is
 * taken for the binding: a false alarm costs native code, a missed write costs correctness.
 */
function moduleWriteInSource(ast, names) {
  let inMethod = false; // inside an object literal's method (not in a nested non-arrow function)
  const rootOf = (n) => {
    while (n && (n.type === 'MemberExpression' || n.type === 'ChainExpression')) n = n.type === 'ChainExpression' ? n.expression : n.object;
    if (n && n.type === 'ThisExpression' && inMethod) return 'this';
    return n && n.type === 'Identifier' && names.has(n.name) ? n.name : undefined;
  };
  const member = (n) => n && (n.type === 'MemberExpression' || (n.type === 'ChainExpression' && n.expression.type === 'MemberExpression'));
  let found;
  const visit = (node, inFunction) => {
    if (found || !node || typeof node.type !== 'string') return;
    const isFunction = /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(node.type);
    if (inFunction) {
      let target;
      if (node.type === 'AssignmentExpression' && member(node.left)) target = node.left;
      if (node.type === 'UpdateExpression' && member(node.argument)) target = node.argument;
      if (node.type === 'UnaryExpression' && node.operator === 'delete' && member(node.argument)) target = node.argument;
      if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed) {
        const key = node.callee.property.name;
        if (MUTATING_METHODS.has(key) && member(node.callee.object)) target = node.callee.object;
        if (MUTATING_METHODS.has(key) && node.callee.object.type === 'Identifier') target = node.callee.object;
        if (node.callee.object.type === 'Identifier' && node.callee.object.name === 'Object' && MUTATING_OBJECT_FUNCTIONS.has(key)) target = node.arguments[0];
        if (key === 'call' || key === 'apply') {
          const fn = node.callee.object;
          const fnKey = fn.type === 'MemberExpression' && !fn.computed && fn.property.type === 'Identifier' ? fn.property.name : undefined;
          if (!READ_ONLY_BY_CALL.has(fnKey)) target = node.arguments[0];
        }
        if (node.callee.object.type === 'Identifier' && node.callee.object.name === 'Reflect' && REFLECT_WRITES.has(key)) target = node.arguments[REFLECT_WRITES.get(key)];
      }
      const name = target && rootOf(target);
      if (name) {
        found = { name, line: node.loc ? node.loc.start.line : 0 };
        return;
      }
    }
    const outer = inMethod;
    if (node.type === 'Property' && node.value && node.value.type === 'FunctionExpression') inMethod = true;
    else if (node.type === 'FunctionDeclaration' || (node.type === 'FunctionExpression' && !inMethod)) inMethod = false;
    for (const key of Object.keys(node)) {
      if (key === 'loc') continue;
      const child = node[key];
      if (Array.isArray(child)) child.forEach((c) => visit(c, inFunction || isFunction));
      else if (child && typeof child.type === 'string') visit(child, inFunction || isFunction);
    }
    inMethod = outer;
  };
  visit(ast, false);
  return found;
}

/**
 * Whether the source `node` (or, when it is not known, anything) may write into what a
 * `require(…)` call gives: an assignment, update or delete of a property chain, or a mutating
 * call, rooted at such a call.
 */
function writesRequired(node) {
  if (!node) return true;
  const fromRequire = (n) => {
    while (n) {
      if (n.type === 'ChainExpression') n = n.expression;
      else if (n.type === 'MemberExpression') n = n.object;
      else if (n.type === 'CallExpression') {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require') return true;
        n = n.callee;
      } else return false;
    }
    return false;
  };
  let found = false;
  eachNode(node, (n) => {
    if (found) return false;
    let target;
    if (n.type === 'AssignmentExpression') target = n.left;
    if (n.type === 'UpdateExpression') target = n.argument;
    if (n.type === 'UnaryExpression' && n.operator === 'delete') target = n.argument;
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed) {
      const key = n.callee.property.name;
      if (MUTATING_METHODS.has(key)) target = n.callee.object;
      if (n.callee.object.type === 'Identifier' && n.callee.object.name === 'Object' && MUTATING_OBJECT_FUNCTIONS.has(key)) target = n.arguments[0];
      if (n.callee.object.type === 'Identifier' && n.callee.object.name === 'Reflect' && REFLECT_WRITES.has(key)) target = n.arguments[REFLECT_WRITES.get(key)];
    }
    if (target && target.type !== 'Identifier' && fromRequire(target)) found = true;
    return !found;
  });
  return found;
}


/** The outermost AST node starting at each "line:column" (acorn's columns start at 0, as `loc`'s). */
function nodesByStart(ast) {
  const at = new Map();
  eachNode(ast, (node) => {
    if (node.loc) {
      const key = `${node.loc.start.line}:${node.loc.start.column}`;
      if (!at.has(key)) at.set(key, node);
    }
  });
  return at;
}

/** The identifiers the source at `loc` uses, or null when it is not known (then: everything). */
function namesUsed(sourceAt, loc) {
  const node = loc && sourceAt.get(`${loc[0]}:${loc[1]}`);
  if (!node) return null;
  const names = new Set();
  eachNode(node, (n) => {
    if (n.type === 'Identifier') names.add(n.name);
  });
  return names;
}

/** The module bindings that may hold an object: set by the module's code to anything but a primitive literal or a function. */
function statefulBindings(moduleBody) {
  const stateful = new Set();
  walk(moduleBody, (s) => {
    if (s.s !== 'setmod') return;
    const v = s.value;
    const primitive = v && (v.a === 'num' || v.a === 'str' || v.a === 'bool' || v.a === 'null' || v.a === 'undef');
    if (!primitive && !(v && v.e === 'function')) stateful.add(s.name);
  });
  return stateful;
}

/** Calls `visit` on every statement of a block, nested blocks included (not nested functions: they are functions of their own). */
function walk(stmts, visit) {
  if (!Array.isArray(stmts)) return;
  for (const s of stmts) {
    if (!s || typeof s !== 'object') continue;
    visit(s);
    for (const k of ['then', 'else', 'body', 'catch', 'finally']) if (Array.isArray(s[k])) walk(s[k], visit);
  }
}

module.exports = { moduleStateWrite, moduleWriteInSource, statefulBindings };
