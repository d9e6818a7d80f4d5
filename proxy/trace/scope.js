// Names for the normalizer: one function's unique locals, its block scopes, labels, and name resolution to atoms.
'use strict';

const { patternNames } = require('./syntax');

/**
 * Thrown inside the normalizer when a construct is outside the supported subset. The statement
 * that contains it becomes {"s":"unknown","reason":"unsupported: <what>"}; it never escapes
 * normalizeProgram.
 */
class Unsupported extends Error {
  constructor(what, node) {
    super(`unsupported: ${what}`);
    this.name = 'Unsupported';
    this.what = what;
    this.node = node;
  }
}

/** Globals that the IR names as `{"a":"global"}` atoms; any other free name is one too (JavaScript has no list). */
const LITERAL_GLOBALS = new Map([
  ['undefined', { a: 'undef' }],
  ['NaN', { a: 'num', v: 'NaN' }],
  ['Infinity', { a: 'num', v: 'Infinity' }],
]);

/**
 * Names the stock runtime's wrapper gives a text action (proxy/evaluate.js): they are neither
 * module bindings nor globals, so the IR cannot name them.
 */
const WRAPPER_NAMES = new Set(['require', 'module', 'exports', '__filename', '__dirname', 'arguments']);

/**
 * One function being normalized (or the module's top-level code, kind 'module'). Owns the unique
 * local names: a binding keeps its source name unless the function already has that name, then it
 * becomes name$1, name$2, ...; temporaries are $t1, $t2, ...
 */
class FunctionContext {
  constructor(parent, kind, program) {
    this.parent = parent;
    this.kind = kind; // 'module' | 'function'
    this.program = program;
    this.locals = [];
    this.used = new Set();
    this.tempCount = 0;
    this.scopes = []; // innermost last: Map source name -> binding
    this.jumps = []; // innermost last: {labels, breakLabel, continueLabel, isLoop, isSwitch}
    this.node = undefined; // the function's AST node (set by the normalizer; undefined for the module)
    this.captures = []; // closure captures, in order: {name: unique local here, outer: the binding it copies}
    this.captureOf = new Map(); // outer binding -> this function's capture binding
    this.refused = undefined; // why a closure over an enclosing function's binding is not exact
    this.writesModule = undefined; // the first module binding this function writes, for compilable
    this.moduleWrites = new Set(); // (module only) source names of module bindings assigned anywhere
    this.temps = new Set();
  }

  claim(name) {
    let unique = name;
    for (let n = 1; this.used.has(unique); n++) unique = `${name}$${n}`;
    this.used.add(unique);
    this.locals.push(unique);
    return unique;
  }

  temp() {
    let name;
    do name = `$t${++this.tempCount}`;
    while (this.used.has(name));
    this.used.add(name);
    this.temps.add(name);
    this.locals.push(name);
    return name;
  }

  pushScope() {
    this.scopes.push(new Map());
  }

  popScope() {
    this.scopes.pop();
  }

  /**
   * Declares a binding in the innermost scope (`var` and function-level names go in the outermost
   * scope of the function). `kind` is var, let, const, function or param; `declStart` is where a
   * let/const binding becomes initialized (the end of its declarator), for the temporal-dead-zone
   * rule of trace-ir.md section 2: a read that starts before it is unknown.
   */
  declare(name, kind, declStart, { functionLevel = false } = {}) {
    const scope = functionLevel ? this.scopes[0] : this.scopes[this.scopes.length - 1];
    const existing = scope.get(name);
    if (existing && existing.kind !== 'selfname') return existing.unique; // var x; var x; or a param redeclared by var
    const binding = { unique: this.claim(name), name, kind, declStart, ctx: this };
    scope.set(name, binding);
    return binding.unique;
  }

  /** Finds a binding by source name, innermost scope first, then in the enclosing functions. */
  lookup(name) {
    for (let ctx = this; ctx; ctx = ctx.parent) {
      for (let i = ctx.scopes.length - 1; i >= 0; i--) {
        const binding = ctx.scopes[i].get(name);
        if (binding) return binding;
      }
    }
    return undefined;
  }

  /**
   * The atom that reads identifier `node`: a local of this function (`var`), a module binding
   * (`mod`), a literal global, or a `global`. A binding of an enclosing function is a closure
   * variable, which the IR cannot name.
   */
  readAtom(node) {
    const binding = this.lookup(node.name);
    if (binding) unmodelled(binding, node);
    if (!binding) {
      if (LITERAL_GLOBALS.has(node.name)) return { ...LITERAL_GLOBALS.get(node.name) };
      if (WRAPPER_NAMES.has(node.name)) throw new Unsupported(`the wrapper binding ${node.name}`, node);
      return { a: 'global', name: node.name };
    }
    if (binding.ctx.kind === 'module') {
      if (this.kind === 'module' && tdz(binding, node)) throw new Unsupported('read before declaration', node);
      return { a: 'mod', name: binding.unique };
    }
    if (binding.ctx !== this) return { a: 'var', name: this.capture(binding, node).unique };
    if (tdz(binding, node)) throw new Unsupported('read before declaration', node);
    return { a: 'var', name: binding.unique };
  }

  /**
   * Resolves an assignment target: {kind:'var'|'mod', name}. Writing a const, a global or a
   * closure variable is not expressible. A module binding written by a function is a `setmod` of
   * that function (trace-ir.md section 5), which makes the program not compilable (section 1):
   * Node.js keeps the binding's value for later activations, native code could not share it.
   */
  writeTarget(node) {
    const binding = this.lookup(node.name);
    if (!binding) throw new Unsupported(`assignment to global ${node.name}`, node);
    unmodelled(binding, node);
    if (binding.ctx.kind === 'module') binding.ctx.moduleWrites.add(node.name);
    if (binding.kind === 'const') throw new Unsupported('assignment to a constant', node);
    if (binding.ctx.kind === 'module') {
      if (this.kind !== 'module' && this.writesModule === undefined) this.writesModule = { name: node.name, line: node.loc.start.line };
      return { kind: 'mod', name: binding.unique };
    }
    if (binding.ctx !== this) {
      this.refuse('closure over a binding that is written');
      throw new Unsupported('closure over a binding that is written', node);
    }
    if (tdz(binding, node)) throw new Unsupported('write before declaration', node);
    return { kind: 'var', name: binding.unique };
  }
}

/**
 * Closures (docs/trace-ir.md section 4, `captures`): a read of a binding of an enclosing function
 * copies its value when the closure is created, which is exact only for a binding never written
 * after its declaration (a const, a let or parameter no code assigns, a for...of/in variable of
 * let or const) read by a closure created after the declaration's end. Each function between the
 * binding's and this one captures it too (a capture chain); the local here is returned.
 */
FunctionContext.prototype.capture = function capture(binding, node) {
  const known = this.captureOf.get(binding);
  if (known) return known;
  const parent = this.parent;
  // The binding as the creating function sees it: its own, or a capture of its own.
  const outer = binding.ctx === parent ? binding : parent.capture(binding, node);
  const why = captureRefusal(binding, outer, this.node);
  if (why) {
    this.refuse(why);
    throw new Unsupported(why, node);
  }
  const local = { unique: this.claim(binding.name), name: binding.name, kind: 'capture', declStart: 0, ctx: this };
  this.captures.push({ name: local.unique, outer });
  this.captureOf.set(binding, local);
  return local;
};

/** Marks this function's creation as unsupported (the first reason stays). */
FunctionContext.prototype.refuse = function refuse(why) {
  if (this.refused === undefined) this.refused = why;
};

/** Why the function `fn` (AST) may not capture `binding`, seen in its creating function as `outer`; undefined when it may. */
function captureRefusal(binding, outer, fn) {
  if (binding.kind !== 'const' && binding.kind !== 'let' && binding.kind !== 'param') return 'closure';
  if (writtenNames(binding.ctx.node).has(binding.name)) return 'closure over a binding that is written';
  // A function declaration is created when its enclosing function starts: only parameters
  // (bound then) have their values; any other binding would be read in its dead zone.
  if (fn.type === 'FunctionDeclaration') return outer.kind === 'param' ? undefined : 'closure';
  // Created before the end of the declaration (its own initializer included): dead zone.
  if (fn.start < binding.declStart) return 'closure';
  return undefined;
}

const writtenMemo = new WeakMap();

/**
 * The source names anything in function `fn` writes (nested functions included): assignment and
 * update targets, destructuring and for-in/of targets, `var` declarators with an initializer
 * (which may be a parameter's), function declarations (which may rebind a parameter). By name,
 * not by binding: a write to a shadowing binding of the same name counts too (more refusals,
 * never a missed write).
 */
function writtenNames(fn) {
  let names = writtenMemo.get(fn);
  if (names) return names;
  names = new Set();
  const add = (pattern) => {
    for (const id of patternNames(pattern)) names.add(id.name);
  };
  const visit = (n) => {
    if (!n || typeof n.type !== 'string') return;
    switch (n.type) {
      case 'AssignmentExpression':
        add(n.left);
        break;
      case 'UpdateExpression':
        if (n.argument.type === 'Identifier') names.add(n.argument.name);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (n.left.type !== 'VariableDeclaration') add(n.left);
        else if (n.left.kind === 'var') for (const d of n.left.declarations) add(d.id);
        break;
      case 'VariableDeclaration':
        if (n.kind === 'var') for (const d of n.declarations) if (d.init) add(d.id);
        break;
      case 'FunctionDeclaration':
        if (n !== fn && n.id) names.add(n.id.name);
        break;
      default:
        break;
    }
    for (const key of Object.keys(n)) {
      if (key === 'loc') continue;
      const child = n[key];
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child.type === 'string') visit(child);
    }
  };
  visit(fn);
  writtenMemo.set(fn, names);
  return names;
}

/** Bindings the IR has no atom for: a named function expression's own name, a function declared in a block. */
function unmodelled(binding, node) {
  if (binding.kind === 'selfname') throw new Unsupported('the own name of a function expression', node);
  if (binding.kind === 'blockfn') throw new Unsupported('a function declared in a block', node);
}

function tdz(binding, node) {
  return (binding.kind === 'let' || binding.kind === 'const') && node.start < binding.declStart;
}

module.exports = { FunctionContext, Unsupported, LITERAL_GLOBALS, WRAPPER_NAMES };
