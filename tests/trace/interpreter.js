// A reference interpreter of the program document (docs/trace-ir.md), for tests: runs the normalized program with JavaScript's own operators, to compare with Node.js.
'use strict';

/** Binds parameters from arguments (after the locals: a rest parameter `...xs`, trace-ir.md section 7, is also the local `xs`, which gets a new array of the rest). */
function bindParams(params, args, locals) {
  params.forEach((p, i) => {
    if (p.startsWith('...')) locals.set(p.slice(3), Array.from({ length: Math.max(args.length - i, 0) }, (_, j) => args[i + j]));
    else locals.set(p, args[i]);
  });
}

/** Thrown when the run reaches an `unknown`: the native code would fall back there. */
class Fallback extends Error {
  constructor(reason) {
    super(`fallback: ${reason}`);
    this.name = 'Fallback';
  }
}

/**
 * The result of an async user function the next statement awaits (trace-ir.md section 4): run
 * at once, as native code does, its value or its error kept for that `await`.
 */
class Settled {
  constructor(ok, value) {
    this.ok = ok;
    this.value = value;
  }
}

/** What the engine answers for main's returned value, which it awaits: a settled promise's value (or throw), a pending one falls back. */
function mainResult(v) {
  if (v instanceof Settled) {
    if (v.ok) return v.value;
    throw v.value;
  }
  if (v instanceof Promise) throw new Fallback('main returned a pending promise');
  return v;
}

/** Runs an async body at once: its value, or a Settled error for what it threw (not a control signal). */
function settle(run) {
  try {
    return new Settled(true, run());
  } catch (error) {
    if (error instanceof Fallback || error instanceof Jump || error instanceof Return) throw error;
    return new Settled(false, error);
  }
}

class Jump {
  constructor(kind, label) {
    this.kind = kind; // 'break' | 'continue'
    this.label = label;
  }
}

class Return {
  constructor(value) {
    this.value = value;
  }
}

const U16 = (units) => String.fromCharCode(...units);
const NUMBERS = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

/**
 * Runs a program document the way native code must: `load()` runs the module body once, then
 * `call(args)` runs main. Built-ins are the real functions; the program's functions become real
 * functions that interpret their bodies (they capture nothing, by the IR's rule).
 */
class Interpreter {
  constructor(program) {
    this.program = program;
    this.mod = new Map();
    this.functionObjects = new Map();
  }

  load() {
    const frame = { locals: new Map(), isModule: true };
    this.block(this.program.module.body, frame);
  }

  call(args) {
    const id = this.program.main_function;
    if (id === null) throw new Fallback('no main');
    return mainResult(this.invoke(id, undefined, [args]));
  }

  functionObject(id, env) {
    // A new object per evaluation, as a function expression gives; the body is the program's,
    // `env` the values of its captures, copied at creation (trace-ir.md section 4).
    const interp = this;
    const fn = function (...args) {
      return interp.invoke(id, this, args, env);
    };
    Object.defineProperty(fn, 'name', { value: this.program.functions[id].name });
    if (this.program.functions[id].async) fn.isAsync = true;
    return fn;
  }

  invoke(id, thisValue, args, env = []) {
    const f = this.program.functions[id];
    const frame = { locals: new Map(), isModule: false };
    for (const l of f.locals) frame.locals.set(l, undefined);
    bindParams(f.params, args, frame.locals); // after: a rest parameter's name is a local too
    (f.captures || []).forEach((c, j) => frame.locals.set(c, env[j]));
    try {
      this.block(f.body, frame);
    } catch (signal) {
      if (signal instanceof Return) return signal.value;
      throw signal;
    }
    return undefined;
  }

  atom(a, frame, forTypeof = false) {
    switch (a.a) {
      case 'num':
        return typeof a.v === 'string' ? NUMBERS[a.v] : a.v;
      case 'str':
        return a.u16 ? U16(a.u16) : a.v;
      case 'bool':
        return a.v;
      case 'null':
        return null;
      case 'undef':
        return undefined;
      case 'var':
        if (!frame.locals.has(a.name)) throw new Error(`interpreter: unknown local ${a.name}`);
        return frame.locals.get(a.name);
      case 'mod':
        return this.mod.get(a.name);
      case 'global':
        if (!(a.name in globalThis)) {
          if (forTypeof) return undefined;
          throw new ReferenceError(`${a.name} is not defined`);
        }
        return globalThis[a.name];
      default:
        throw new Error(`interpreter: bad atom ${JSON.stringify(a)}`);
    }
  }

  expr(e, frame) {
    if (typeof e.a === 'string') return this.atom(e, frame);
    const at = (x) => this.atom(x, frame);
    switch (e.e) {
      case 'binary':
        return binary(e.op, at(e.left), at(e.right));
      case 'unary':
        if (e.op === 'typeof') return typeof this.atom(e.arg, frame, true);
        return unary(e.op, at(e.arg));
      case 'tostring':
        return `${at(e.arg)}`;
      case 'get': {
        const o = at(e.object);
        // A settled promise (native code's only kind) has the members of Promise.prototype.
        if (o instanceof Settled) return Promise.prototype[at(e.key)];
        return o[at(e.key)];
      }
      case 'function':
        return this.functionObject(e.id, (e.captures || []).map(at));
      case 'await': {
        const v = at(e.arg);
        if (v instanceof Settled) {
          if (v.ok) return v.value;
          throw v.value;
        }
        if (v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function') throw new Fallback('await of a promise');
        return v;
      }
      case 'object': {
        const o = {};
        for (const p of e.props) {
          if (p.spread) {
            const copy = { ...at(p.spread) };
            for (const k of Reflect.ownKeys(copy)) define(o, k, copy[k]);
          } else if (p.computed) {
            const key = at(p.computed);
            define(o, typeof key === 'symbol' ? key : `${key}`, at(p.value));
          } else {
            define(o, p.key, at(p.value));
          }
        }
        return o;
      }
      case 'array': {
        const arr = [];
        for (const item of e.items) {
          if (item.hole) arr.length++;
          else if (item.spread) arr.push(...spreadable(at(item.spread)));
          else arr.push(at(item));
        }
        return arr;
      }
      default:
        throw new Error(`interpreter: bad expression ${JSON.stringify(e)}`);
    }
  }

  block(stmts, frame) {
    for (let i = 0; i < stmts.length; i++) {
      this.following = stmts[i + 1]; // for a call: is its result awaited at once?
      this.statement(stmts[i], frame);
    }
  }

  /** Whether `s` (a call) is followed by `set t = await <its result>`. */
  awaitedAtOnce(s, following) {
    return s.result !== null && following !== undefined && following.s === 'set' && following.value.e === 'await' && following.value.arg.name === s.result;
  }

  statement(s, frame) {
    const at = (x) => this.atom(x, frame);
    switch (s.s) {
      case 'set':
        frame.locals.set(s.name, this.expr(s.value, frame));
        return;
      case 'setmod':
        this.mod.set(s.name, this.expr(s.value, frame));
        return;
      case 'setprop':
        at(s.object)[at(s.key)] = at(s.value);
        return;
      case 'delete': {
        const o = at(s.object);
        frame.locals.set(s.result, delete o[at(s.key)]);
        return;
      }
      case 'call': {
        const following = this.following;
        const callee = at(s.callee);
        const thisValue = s.this ? at(s.this) : undefined;
        const args = [];
        for (const a of s.args) {
          if (a.spread) args.push(...spreadable(at(a.spread)));
          else args.push(at(a));
        }
        // V8's "x is not a function" names the source text, which the IR does not keep: abort.
        if (typeof callee !== 'function') throw new Fallback('call of a value that is not a function');
        if (s.construct) {
          // `new callee(...)`: a built-in constructor (the program's own functions are opaque to `new`).
          if (callee.functionId !== undefined || !isConstructor(callee)) throw new Fallback('new of a value that is not a built-in constructor');
          const value = Reflect.construct(callee, args);
          if (s.result !== null) frame.locals.set(s.result, value);
          return;
        }
        if (callee.isAsync && !this.awaitedAtOnce(s, following)) throw new Fallback('an async function whose result is not awaited at once');
        const value = callee.isAsync ? settle(() => Reflect.apply(callee, thisValue, args)) : Reflect.apply(callee, thisValue, args);
        if (s.result !== null) frame.locals.set(s.result, value);
        return;
      }
      case 'if':
        this.block(at(s.test) ? s.then : s.else, frame);
        return;
      case 'loop':
        for (;;) {
          try {
            this.block(s.body, frame);
          } catch (signal) {
            if (signal instanceof Jump && signal.label === s.label) {
              if (signal.kind === 'break') return;
              continue;
            }
            throw signal;
          }
        }
      case 'block':
        try {
          this.block(s.body, frame);
        } catch (signal) {
          if (signal instanceof Jump && signal.kind === 'break' && signal.label === s.label) return;
          throw signal;
        }
        return;
      case 'break':
      case 'continue':
        throw new Jump(s.s, s.label);
      case 'return':
        throw new Return(at(s.value));
      case 'throw':
        throw at(s.value);
      case 'try':
        this.tryStatement(s, frame);
        return;
      case 'unknown':
        throw new Fallback(s.reason);
      default:
        throw new Error(`interpreter: bad statement ${s.s}`);
    }
  }
}

/** A program's try (trace-ir.md section 5) as JavaScript runs it: a thrown value goes to `catch`; `finally` runs either way. */
Interpreter.prototype.tryStatement = function tryStatement(s, frame) {
  const signal = (e) => e instanceof Fallback || e instanceof Jump || e instanceof Return;
  try {
    try {
      this.block(s.body, frame);
    } catch (error) {
      if (s.catch === null || signal(error)) throw error;
      if (s.param !== null) (frame.isModule && !frame.locals.has(s.param) ? this.mod : frame.locals).set(s.param, error);
      this.block(s.catch, frame);
    }
  } catch (error) {
    if (s.finally !== null && !(error instanceof Fallback)) this.block(s.finally, frame);
    throw error;
  }
  if (s.finally !== null) this.block(s.finally, frame);
};

/**
 * Runs a trace document (the addon's serialize(), docs/trace-ir.md sections 1 and 5.1) as native
 * code must: a call runs the target its callee is (a built-in by identity, a user function by
 * id, inlined in a scope of its own) and falls back when none is; an untraced side falls back.
 */
class TraceInterpreter extends Interpreter {
  constructor(trace) {
    super({ module: trace.module, functions: [], main_function: 0 });
    this.trace = trace;
    const { resolvePath } = require('../../proxy/trace/builtins');
    this.resolvePath = resolvePath;
  }

  call(args) {
    if (!this.trace.main) throw new Fallback('no main');
    const frame = { locals: new Map(), isModule: false };
    for (const l of this.trace.main.locals) frame.locals.set(l, undefined);
    bindParams(this.trace.main.params, [args], frame.locals);
    try {
      this.block(this.trace.main.body, frame);
    } catch (signal) {
      if (signal instanceof Return) return mainResult(signal.value);
      throw signal;
    }
    return undefined;
  }

  functionObject(id, env) {
    // Only ever called through a call target (inlined) or as a traced callback of a callback
    // host; a built-in calling it back otherwise is opaque.
    const fn = () => {
      throw new Fallback('a user function called by a built-in');
    };
    // Printed as Node.js prints the function: its name (from the trace's targets) and nothing else.
    Object.defineProperty(fn, 'name', { value: this.functionNames().get(id) || '' });
    Object.defineProperty(fn, 'functionId', { value: id });
    Object.defineProperty(fn, 'env', { value: env });
    return fn;
  }

  /** The names of the user functions the trace's targets and callbacks show, by id. */
  functionNames() {
    if (this.names) return this.names;
    this.names = new Map();
    const visit = (v) => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === 'object') {
        if (typeof v.function === 'number' && typeof v.name === 'string') this.names.set(v.function, v.name);
        Object.values(v).forEach(visit);
      }
    };
    visit([this.trace.module, this.trace.main]);
    return this.names;
  }

  statement(s, frame) {
    if (s.s === 'set' && s.scope === 'caller') {
      frame.parent.locals.set(s.name, this.expr(s.value, frame));
      return;
    }
    if (s.s === 'try') {
      // Native code (trace-ir.md section 5): the body, then the finally; any throw aborts.
      try {
        this.block(s.body, frame);
      } catch (error) {
        if (error instanceof Fallback || error instanceof Jump || error instanceof Return) throw error;
        throw new Fallback('throw');
      }
      if (s.finally !== null) this.block(s.finally, frame);
      return;
    }
    if (s.s !== 'call') {
      super.statement(s, frame);
      return;
    }
    const following = this.following; // read before any callback's block changes it
    const at = (x) => this.atom(x, frame);
    const callee = at(s.callee);
    const thisValue = s.this ? at(s.this) : undefined;
    const args = [];
    for (const a of s.args) {
      if (a.spread) args.push(...spreadable(at(a.spread)));
      else args.push(at(a));
    }
    for (const target of s.targets || []) {
      if (target.builtin !== undefined) {
        if (callee !== this.resolvePath(target.builtin)) continue;
        const cb = args[0];
        const value = s.construct
          ? Reflect.construct(callee, args)
          : target.callbacks && typeof cb === 'function' && cb.functionId !== undefined
            ? this.callbackHost(target, thisValue, args, frame, this.awaitedAtOnce(s, following))
            : PROMISE_BUILTINS.has(target.builtin)
              ? PROMISE_BUILTINS.get(target.builtin)(thisValue, args)
              : Reflect.apply(callee, thisValue, args);
        if (s.result !== null) frame.locals.set(s.result, value);
        return;
      }
      if (target.function !== undefined) {
        if (s.construct) continue; // the tracer never inlines a `new`; native code aborts
        if (typeof callee !== 'function' || callee.functionId !== target.function) continue;
        const inner = { locals: new Map(), isModule: false, parent: frame };
        for (const l of target.locals) inner.locals.set(l, undefined);
        bindParams(target.params, args, inner.locals);
        (target.captures || []).forEach((c, j) => inner.locals.set(c, callee.env[j]));
        const run = () => {
          try {
            this.block(target.body, inner);
          } catch (signal) {
            if (!(signal instanceof Jump && signal.kind === 'break' && signal.label === target.label)) throw signal;
          }
        };
        if (!target.async) {
          run();
          return;
        }
        // An inlined async callee: run whole now, its promise settled with what it returned (a
        // returned promise adopted), whether the next statement awaits it or not (native code
        // runs it at the call where that is exact: proxy/trace/async-calls.js).
        const settled = settle(() => {
          run();
          const v = s.result !== null ? frame.locals.get(s.result) : undefined;
          if (!(v instanceof Settled)) return v;
          if (v.ok) return v.value;
          throw v.value;
        });
        if (s.result !== null) frame.locals.set(s.result, settled);
        return;
      }
      if (target.opaque !== undefined) continue;
    }
    throw new Fallback(`no traced target for the call at site ${s.site}`);
  }
}

/** The built-ins with an effect a then callback run early would move (emit_closures.cc PureBlock). */
const EFFECTFUL = /^(console\.|fetch$|Date$|Date\.now$|Math\.random$|Promise\.prototype\.then$|Function\.prototype\.(call|apply)$)/;

/** Whether a traced block has no effect seen outside it (emit_closures.cc PureBlock, the same rule). */
function pureBlock(block) {
  return block.every((s) => {
    switch (s.s) {
      case 'setmod':
        return false;
      case 'set':
        return !(s.value && s.value.e === 'await');
      case 'setprop':
      case 'delete':
        return s.object.a !== 'global' && s.object.a !== 'mod';
      case 'if':
        return pureBlock(s.then) && pureBlock(s.else);
      case 'loop':
      case 'block':
        return pureBlock(s.body);
      case 'call':
        if (s.construct) return false;
        return (s.targets || []).every((t) => t.function === undefined && (t.builtin === undefined || (!EFFECTFUL.test(t.builtin) && (t.callbacks || []).every((cb) => pureBlock(cb.body)))));
      default:
        return true;
    }
  });
}

/** Whether `v` is a thenable native code would have to call (an object with a callable `then`). */
function thenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && !(v instanceof Settled) && typeof v.then === 'function';
}

/**
 * The Promise built-ins as native code runs them (compiler/runtime/src/promise.rs): every promise
 * is settled when made (a Settled here), so Promise.all settles at once; a rejected element, a
 * thenable, a `then` callback (run later by Node.js, untraced) and a `catch` of a rejected
 * promise abort.
 */
const PROMISE_BUILTINS = new Map([
  ['Promise.resolve', (_, [v]) => {
    if (v instanceof Settled) return v;
    if (thenable(v)) throw new Fallback('Promise.resolve of a thenable');
    return new Settled(true, v);
  }],
  // The crate aborts here (it cannot tell a handled rejection from one Node.js reports); the
  // trace itself means a rejected promise, which is what is checked here.
  ['Promise.reject', (_, [v]) => new Settled(false, v)],
  ['Promise.all', (_, [xs]) => {
    if (!Array.isArray(xs)) throw new Fallback('Promise.all of a value that is not an array');
    const out = [];
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (v instanceof Settled) {
        if (!v.ok) throw new Fallback('Promise.all of a rejected promise');
        out.push(v.value);
      } else if (thenable(v)) {
        throw new Fallback('Promise.all of a thenable');
      } else {
        out.push(v);
      }
    }
    return new Settled(true, out);
  }],
  ['Promise.prototype.then', (p, [f]) => {
    if (!(p instanceof Settled)) throw new Fallback('then of a value that is not a settled promise');
    if (typeof f === 'function') throw new Fallback('a then callback (untraced)');
    if (!p.ok) throw new Fallback('then of a rejected promise');
    return new Settled(true, p.value);
  }],
  ['Promise.prototype.catch', (p) => {
    if (!(p instanceof Settled)) throw new Fallback('catch of a value that is not a settled promise');
    if (!p.ok) throw new Fallback('catch of a rejected promise');
    return new Settled(true, p.value);
  }],
]);

/** Whether `f` can be called with `new` (without calling it). */
function isConstructor(f) {
  try {
    Reflect.construct(String, [], f);
    return true;
  } catch {
    return false;
  }
}

/**
 * A callback host running a traced user callback, as native code must (docs/trace-ir.md section
 * 5.1 and the closures contract): `this` a genuine array and the callback one of `callbacks`, else
 * abort; the length read once; holes skipped (find, findIndex, findLast and findLastIndex visit
 * them as undefined); findLast, findLastIndex and reduceRight from the end; flatMap spreads a
 * result that is an array (its holes skipped), one level; each invocation inlined with its
 * captures and (element, k, array) or for reduce and reduceRight (acc, element, k, array), its
 * result in a scope of its own between the caller and the callback.
 */
TraceInterpreter.prototype.callbackHost = function callbackHost(target, array, args, frame, awaited) {
  const name = target.builtin.replace('Array.prototype.', '');
  const [cb] = args;
  if (!Array.isArray(array) && target.builtin !== 'Promise.prototype.then') throw new Fallback(`${target.builtin} on a value that is not an array`);
  const callback = target.callbacks.find((c) => c.function === cb.functionId);
  if (!callback) throw new Fallback(`${target.builtin} with an untraced callback`);
  const invoke = (params) => {
    const resultFrame = { locals: new Map([[callback.result, undefined]]), isModule: false, parent: frame };
    const inner = { locals: new Map(), isModule: false, parent: resultFrame };
    for (const l of callback.locals) inner.locals.set(l, undefined);
    bindParams(callback.params, params, inner.locals);
    (callback.captures || []).forEach((c, j) => inner.locals.set(c, cb.env[j]));
    try {
      this.block(callback.body, inner);
    } catch (signal) {
      if (!(signal instanceof Jump && signal.kind === 'break' && signal.label === callback.label)) throw signal;
    }
    return resultFrame.locals.get(callback.result);
  };
  if (target.builtin === 'Promise.prototype.then') {
    // `await p.then(cb)` (docs/trace-ir.md section 5.1): the callback runs at once on the settled
    // receiver's value, and its result is adopted as Promise.resolve would. Not awaited at once,
    // only an effect-free callback without captures runs now, on a primitive value (native code
    // also takes a Response no one else holds, which this interpreter never has).
    if (!(array instanceof Settled)) throw new Fallback('then of a value that is not a settled promise');
    if (!array.ok) throw new Fallback('then of a rejected promise');
    if (!awaited) {
      if (callback.captures || !pureBlock(callback.body)) throw new Fallback('a then callback Node.js runs later');
      const v = array.value;
      if (v !== null && (typeof v === 'object' || typeof v === 'function')) throw new Fallback('a then callback of a value the activation may change first');
    }
    return PROMISE_BUILTINS.get('Promise.resolve')(undefined, [invoke([array.value])]);
  }
  const len = array.length;
  const visitsHoles = ['find', 'findIndex', 'findLast', 'findLastIndex'].includes(name);
  const backward = ['findLast', 'findLastIndex', 'reduceRight'].includes(name);
  const reduce = name === 'reduce' || name === 'reduceRight';
  let acc;
  let started = args.length >= 2;
  if (reduce && started) acc = args[1];
  const out = name === 'map' ? new Array(len) : [];
  for (let step = 0; step < len; step++) {
    const k = backward ? len - 1 - step : step;
    if (!visitsHoles && !(k in array)) continue;
    const element = array[k];
    if (reduce) {
      if (!started) {
        acc = element;
        started = true;
        continue;
      }
      acc = invoke([acc, element, k, array]);
      continue;
    }
    const r = invoke([element, k, array]);
    if (name === 'map') out[k] = r;
    else if (name === 'filter' && r) out.push(element);
    else if (name === 'some' && r) return true;
    else if (name === 'every' && !r) return false;
    else if (name === 'find' && r) return element;
    else if ((name === 'findIndex' || name === 'findLastIndex') && r) return k;
    else if (name === 'findLast' && r) return element;
    else if (name === 'flatMap') {
      if (!Array.isArray(r)) out.push(r);
      else for (let j = 0, n = r.length; j < n; j++) if (j in r) out.push(r[j]);
    }
  }
  switch (name) {
    case 'map':
    case 'filter':
    case 'flatMap':
      return out;
    case 'forEach':
      return undefined;
    case 'some':
      return false;
    case 'every':
      return true;
    case 'find':
    case 'findLast':
      return undefined;
    case 'findIndex':
    case 'findLastIndex':
      return -1;
    case 'reduce':
    case 'reduceRight':
      if (!started) throw new Fallback(`${name} of an empty array with no initial value`);
      return acc;
    default:
      throw new Error(`interpreter: ${target.builtin} is not a callback host`);
  }
};

/** A spread (array item or argument) of anything but an array aborts (docs/trace-ir.md section 4). */
function spreadable(v) {
  if (!Array.isArray(v)) throw new Fallback('spread of a value that is not an array');
  return v;
}

function define(o, key, value) {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

function binary(op, a, b) {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '**': return a ** b;
    case '==': return a == b; // eslint-disable-line eqeqeq
    case '!=': return a != b; // eslint-disable-line eqeqeq
    case '===': return a === b;
    case '!==': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '>>>': return a >>> b;
    case 'in': return a in b;
    case 'instanceof': return a instanceof b;
    default: throw new Error(`interpreter: bad operator ${op}`);
  }
}

function unary(op, a) {
  switch (op) {
    case '!': return !a;
    case '-': return -a;
    case '+': return +a;
    case '~': return ~a;
    case 'void': return undefined;
    default: throw new Error(`interpreter: bad operator ${op}`);
  }
}

module.exports = { Interpreter, TraceInterpreter, Fallback };
