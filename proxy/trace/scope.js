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
    // A shared cell (docs/trace-ir.md section 4.2, isCellName): its local holds a box {v}; a
    // parameter's box is made after the parameter prologue (cells.js cellPrologue), in a local of
    // its own.
    if (this.kind === 'function' && (kind === 'let' || kind === 'const' || kind === 'var' || kind === 'param') && isCellName(this.node, name, kind)) {
      if (kind === 'param') binding.pendingCell = true;
      else binding.cell = binding.unique;
    }
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
    // A cell is read by readValue (a `get` of its box); a caller wanting an atom must copy it.
    if (binding && binding.cell !== undefined) throw new Unsupported('closure over a binding that is written', node);
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
   * What reading identifier `node` gives: readAtom's atom, or for a shared cell the expression
   * `get box.v` (the box: the binding's own local, or this closure's capture of it), which the
   * caller evaluates at once (set into a temporary), so the read happens in source order.
   */
  readValue(node) {
    const binding = this.lookup(node.name);
    if (!binding || binding.cell === undefined) return this.readAtom(node);
    unmodelled(binding, node);
    if (binding.ctx === this && tdz(binding, node)) throw new Unsupported('read before declaration', node);
    const local = binding.ctx === this ? binding : this.capture(binding, node);
    return cellGet(local.cell);
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
    if (binding.cell !== undefined) {
      // A shared cell: `setprop box v = value` (expressions.js store), here or in a closure.
      if (binding.ctx === this && tdz(binding, node)) throw new Unsupported('write before declaration', node);
      const local = binding.ctx === this ? binding : this.capture(binding, node);
      return { kind: 'cell', name: local.cell };
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
  // A capture of a shared cell holds the box itself (the creating code hands on its box local).
  if (outer.cell !== undefined) local.cell = local.unique;
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
  const cell = binding.cell !== undefined;
  if (binding.kind === 'function') {
    // A nested function declaration's binding holds its function from the scope's entry on, so a
    // closure expression (created later) may copy it, unless code assigns the name. A function
    // declaration may not: it is created at the same entry, perhaps before that function.
    if (fn.type === 'FunctionDeclaration') return 'closure';
    return writtenNames(binding.ctx.node, false).has(binding.name) ? 'closure over a binding that is written' : undefined;
  }
  if (binding.kind === 'var' ? !cell : binding.kind !== 'const' && binding.kind !== 'let' && binding.kind !== 'param') return 'closure';
  // A cell is shared, not copied: writes anywhere are seen. Other written bindings (a
  // `for (let i …;…)` variable without an update, a let of a switch clause) stay unsupported.
  if (!cell && writtenNames(binding.ctx.node).has(binding.name)) return 'closure over a binding that is written';
  // A function declaration is created when its scope starts: parameters are bound and var
  // cells boxed by then. A let or const cell has a box then when it is made early (cells.js
  // earlyBoxes: a let of the same scope) or when the declaration's block starts after the let's
  // declaration; and only when nothing can call the function before the let's declaration has
  // run (every use of its name after it, none in another hoisted declaration): otherwise the
  // read would be in the dead zone.
  if (fn.type === 'FunctionDeclaration') {
    if (outer.kind === 'param' || (outer.kind === 'var' && cell)) return undefined;
    if (!cell || outer !== binding || (binding.kind !== 'let' && binding.kind !== 'const')) return 'closure';
    if (!binding.early && fn.start < binding.declStart) return 'closure';
    return usedOnlyAfter(binding.ctx.node, fn, binding.declStart) ? undefined : 'closure';
  }
  // Created before the end of the declaration (its own initializer included): dead zone, but for
  // a function inside an initializer that is itself a function naming the binding (a recursive
  // `const walk = (n) => …`): nothing runs it before the declaration ends, and the binding's box
  // is made before the initializer (cells.js bindCell).
  if (fn.start < binding.declStart && !(cell && selfInitAround(binding, fn))) return 'closure';
  return undefined;
}

const writtenMemo = new WeakMap();
const assignedMemo = new WeakMap();

/**
 * The source names anything in function `fn` writes (nested functions included): assignment and
 * update targets, destructuring and for-in/of targets, `var` declarators with an initializer
 * (which may be a parameter's), function declarations (which may rebind a parameter; not
 * with `withDeclarations` false, for a function declaration's own binding). By name, not by
 * binding: a write to a shadowing binding of the same name counts too (more refusals, never a
 * missed write).
 */
function writtenNames(fn, withDeclarations = true) {
  const memo = withDeclarations ? writtenMemo : assignedMemo;
  let names = memo.get(fn);
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
        if (withDeclarations && n !== fn && n.id) names.add(n.id.name);
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
  memo.set(fn, names);
  return names;
}

/**
 * Whether every use of the name of function declaration `decl` in function `fn` (AST) starts at
 * or after `from` and lies outside any other function declaration, or is inside `decl` itself.
 * By name (a shadowing binding's uses count too: more refusals, never a missed call).
 */
function usedOnlyAfter(fn, decl, from) {
  const name = decl.id.name;
  let ok = true;
  const visit = (n, inOther) => {
    if (!ok || !n || typeof n.type !== 'string') return;
    if (n === decl) return;
    if (n.type === 'Identifier' && n.name === name && (inOther || n.start < from)) {
      ok = false;
      return;
    }
    const other = inOther || (n !== fn && n.type === 'FunctionDeclaration');
    for (const key of Object.keys(n)) {
      if (key === 'loc') continue;
      if (key === 'property' && n.type === 'MemberExpression' && !n.computed) continue;
      if (key === 'key' && n.type === 'Property' && !n.computed) continue;
      const child = n[key];
      if (Array.isArray(child)) child.forEach((c) => visit(c, other));
      else if (child && typeof child.type === 'string') visit(child, other);
    }
  };
  visit(fn.body, false);
  return ok;
}

const FUNCTION = /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/;

/** Calls visit(child) for each child node of `n`, but property names and labels (not references). */
function children(n, visit) {
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'label') continue;
    if (key === 'property' && n.type === 'MemberExpression' && !n.computed) continue;
    if (key === 'key' && (n.type === 'Property' || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition') && !n.computed) continue;
    const child = n[key];
    if (Array.isArray(child)) child.forEach((c) => c && typeof c.type === 'string' && visit(c));
    else if (child && typeof child.type === 'string') visit(child);
  }
}

const freeMemo = new WeakMap();

/**
 * A nested function's free names: what it names minus what it declares anywhere inside (fewer
 * cells than exact scoping, never a wrong one: a binding it does capture that is not a cell has
 * its closure refused by captureRefusal).
 */
function freeNames(f) {
  let free = freeMemo.get(f);
  if (free) return free;
  const used = new Set();
  const declared = new Set();
  if (f.type === 'FunctionExpression' && f.id) declared.add(f.id.name);
  const walk = (n) => {
    if (n.type === 'Identifier') used.add(n.name);
    if (n !== f && FUNCTION.test(n.type) && n.id) declared.add(n.id.name);
    if (FUNCTION.test(n.type)) for (const q of n.params) for (const id of patternNames(q)) declared.add(id.name);
    if (n.type === 'VariableDeclarator') for (const id of patternNames(n.id)) declared.add(id.name);
    if ((n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && n.id) declared.add(n.id.name);
    if (n.type === 'CatchClause' && n.param) for (const id of patternNames(n.param)) declared.add(id.name);
    children(n, walk);
  };
  walk(f);
  free = [...used].filter((name) => !declared.has(name));
  freeMemo.set(f, free);
  return free;
}

const cellMemo = new WeakMap();

/**
 * Whether the binding `name` of kind `kind` declared in function `fn` (AST) is a shared cell: a
 * nested function names it (by name: a shadowing binding counts too, more cells, never a missed
 * one) and it is written anywhere, or it is a var. A name some `for (let …;…;…)` declares is
 * never one (its per-iteration copies are not modelled), nor one a switch clause declares with
 * let or const: a closure over such a written binding stays unsupported.
 */
function isCellName(fn, name, kind) {
  if (!fn) return false;
  let memo = cellMemo.get(fn);
  if (!memo) {
    memo = { captured: new Set(), forLet: new Set(), declFree: new Set(), selfInits: [] };
    const visit = (n) => {
      if (n !== fn && FUNCTION.test(n.type)) {
        const free = freeNames(n);
        for (const name of free) memo.captured.add(name);
        if (n.type === 'FunctionDeclaration') for (const name of free) memo.declFree.add(name);
        return;
      }
      // (With an update, normalize copies them per iteration: cells.js perIterationCopy.)
      if (n.type === 'ForStatement' && !n.update && n.init && n.init.type === 'VariableDeclaration' && n.init.kind !== 'var') {
        for (const d of n.init.declarations) for (const id of patternNames(d.id)) memo.forLet.add(id.name);
      }
      // `const walk = (n) => … walk(c) …`: a function that is its own let's or const's whole
      // initializer and names it (it can only run once the declaration is done).
      if (n.type === 'VariableDeclaration' && n.kind !== 'var') {
        for (const d of n.declarations) {
          if (d.id.type === 'Identifier' && d.init && /^(FunctionExpression|ArrowFunctionExpression)$/.test(d.init.type) && freeNames(d.init).includes(d.id.name)) memo.selfInits.push({ name: d.id.name, node: d.init });
        }
      }
      // A let of a switch clause: a later clause runs without its declaration (a dead zone that
      // the box, never made, would turn into another error).
      if (n.type === 'SwitchCase') {
        for (const st of n.consequent) if (st.type === 'VariableDeclaration' && st.kind !== 'var') for (const d of st.declarations) for (const id of patternNames(d.id)) memo.forLet.add(id.name);
      }
      children(n, visit);
    };
    visit(fn);
    cellMemo.set(fn, memo);
  }
  if (!memo.captured.has(name) || memo.forLet.has(name)) return false;
  if ((kind === 'let' || kind === 'const') && memo.selfInits.some((s) => s.name === name)) return true;
  // A let or const a nested function declaration names: the declaration is created at its
  // scope's entry, before the binding's declaration runs, so it can only hold a box made then.
  if ((kind === 'let' || kind === 'const') && memo.declFree.has(name)) return true;
  return kind === 'var' || writtenNames(fn).has(name);
}

/** Whether `fn` (AST) lies within a function that is the whole initializer of `binding`'s declarator (ending where it does) and names it. */
function selfInitAround(binding, fn) {
  const memo = cellMemo.get(binding.ctx.node);
  return memo !== undefined && memo.selfInits.some((s) => s.name === binding.name && s.node.start <= fn.start && fn.end <= s.node.end && s.node.end === binding.declStart);
}

/** Whether `binding` is a cell whose initializer is a function naming it (its box is made before the initializer runs). */
function isSelfInit(binding) {
  const memo = binding.cell !== undefined && binding.ctx.node ? cellMemo.get(binding.ctx.node) : undefined;
  return memo !== undefined && memo.selfInits.some((s) => s.name === binding.name && s.node.end === binding.declStart);
}

/** `get box.v`: the read of a shared cell whose box local is `box`. */
function cellGet(box) {
  return { e: 'get', object: { a: 'var', name: box }, key: { a: 'str', v: 'v' } };
}

/** Bindings the IR has no atom for: a named function expression's own name, a function declared in a block. */
function unmodelled(binding, node) {
  if (binding.kind === 'selfname') throw new Unsupported('the own name of a function expression', node);
  if (binding.kind === 'blockfn') throw new Unsupported('a function declared in a block', node);
}

function tdz(binding, node) {
  return (binding.kind === 'let' || binding.kind === 'const') && node.start < binding.declStart;
}

module.exports = { FunctionContext, Unsupported, LITERAL_GLOBALS, WRAPPER_NAMES, cellGet, freeNames, isSelfInit };
