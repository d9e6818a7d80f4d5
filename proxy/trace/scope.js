// Names for the normalizer: one function's unique locals, its block scopes, labels, and name resolution to atoms.
'use strict';

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
    this.captures = false; // set when the body reads a binding of an enclosing function
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
    const binding = { unique: this.claim(name), kind, declStart, ctx: this };
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
    if (binding.ctx !== this) {
      this.captures = true;
      throw new Unsupported('closure variable', node);
    }
    if (tdz(binding, node)) throw new Unsupported('read before declaration', node);
    return { a: 'var', name: binding.unique };
  }

  /**
   * Resolves an assignment target: {kind:'var'|'mod', name}. Writing a const, a global, a closure
   * variable or a module binding from a function are not expressible (the last makes the program
   * not compilable, trace-ir.md section 1).
   */
  writeTarget(node) {
    const binding = this.lookup(node.name);
    if (!binding) throw new Unsupported(`assignment to global ${node.name}`, node);
    unmodelled(binding, node);
    if (binding.ctx.kind === 'module') binding.ctx.moduleWrites.add(node.name);
    if (binding.kind === 'const') throw new Unsupported('assignment to a constant', node);
    if (binding.ctx.kind === 'module') {
      if (this.kind !== 'module') {
        if (this.writesModule === undefined) this.writesModule = { name: node.name, line: node.loc.start.line };
        throw new Unsupported('write to a module binding', node);
      }
      return { kind: 'mod', name: binding.unique };
    }
    if (binding.ctx !== this) {
      this.captures = true;
      throw new Unsupported('closure variable', node);
    }
    if (tdz(binding, node)) throw new Unsupported('write before declaration', node);
    return { kind: 'var', name: binding.unique };
  }
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
