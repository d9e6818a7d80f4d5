// Whether any function of a normalized program may change an object that module state holds, through aliases too (the program's "compilable" verdict).
'use strict';

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
function moduleStateWrite(functions, moduleBody, mainId) {
  const stateful = statefulBindings(moduleBody);
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
    info.set(f.id, { f, sets, level: new Map(), binding: new Map(), ret: CLEAN, retBinding: undefined });
  }
  let anyParams = { level: CLEAN, binding: undefined }; // what unknown callees may receive
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
    return [CLEAN];
  };
  const maxOf = (pairs) => pairs.reduce((m, p) => (p[0] > m[0] ? p : m), [CLEAN]);
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
  const methodKey = (fi, a) => {
    if (!a || a.a !== 'var') return undefined;
    const values = fi.sets.get(a.name);
    if (!values || values.length !== 1 || !values[0] || values[0].e !== 'get') return undefined;
    const g = values[0];
    return { key: g.key && g.key.a === 'str' ? g.key.v : undefined, object: g.object };
  };
  const passTo = (id, argPairs) => {
    const targets = id >= 0 ? [info.get(id)].filter(Boolean) : [...info.values()];
    if (id < 0) {
      const m = maxOf(argPairs);
      if (m[0] > anyParams.level) {
        anyParams = { level: m[0], binding: m[1] };
        changed = true;
      }
    }
    for (const fi of targets) if (id >= 0 || fi.f.id !== mainId) argPairs.forEach((p, j) => p[0] > CLEAN && raiseParams(fi, p[0], p[1], id >= 0 ? j : 0, id >= 0 ? 1 : Infinity));
  };
  const exprLevel = (fi, v) => {
    if (!v) return [CLEAN];
    if (v.a) return atomLevel(fi, v);
    switch (v.e) {
      case 'get': {
        const o = atomLevel(fi, v.object);
        return o[0] > CLEAN ? [STATE, o[1]] : [CLEAN];
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
    if (s.s === 'setprop' || s.s === 'delete') hit(atomLevel(fi, s.object));
    if (s.s === 'call') {
      const m = methodKey(fi, s.callee);
      if (m && MUTATING_METHODS.has(m.key)) hit(atomLevel(fi, s.this));
      if (m && m.object.a === 'global' && m.object.name === 'Object' && MUTATING_OBJECT_FUNCTIONS.has(m.key)) hit(atomLevel(fi, s.args[0]));
      if (m && (m.key === 'call' || m.key === 'apply')) {
        const fn = methodKey(fi, m.object);
        if (!(fn && READ_ONLY_BY_CALL.has(fn.key))) hit(atomLevel(fi, s.args[0]));
      }
      if (m && m.object.a === 'global' && m.object.name === 'Reflect' && REFLECT_WRITES.has(m.key)) hit(atomLevel(fi, s.args[REFLECT_WRITES.get(m.key)]));
    }
  };
  // Forward and backward passes in turn: parameters flow to callees declared later, results to
  // callers declared earlier, so a chain of helpers settles in a few passes, not one per link.
  const forward = [...info.values()];
  const backward = [...forward].reverse();
  for (let pass = 0; changed; pass++) {
    changed = false;
    for (const fi of pass % 2 === 0 ? forward : backward) {
      if (anyParams.level > CLEAN && fi.f.id !== mainId) raiseParams(fi, anyParams.level, anyParams.binding);
      walk(fi.f.body, (s) => {
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
        } else if (s.s === 'call') {
          const thisP = atomLevel(fi, s.this);
          const argPairs = (s.args || []).map((a) => atomLevel(fi, a));
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
            }
          } else {
            // (A method's `this` is not followed: the normalizer leaves a function using `this`
            // unsupported, so its writes are found in its source, moduleWriteInSource.)
            passTo(id, argPairs);
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
