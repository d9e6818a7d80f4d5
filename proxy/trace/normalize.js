// Normalizes an action's source (acorn AST) into the program document of docs/trace-ir.md, sections 2-5 and 7: functions and statements.
'use strict';

const acorn = require('acorn');
const { moduleStateWrite, moduleWriteInSource, statefulBindings } = require('./module-writes');
const { FunctionContext, Unsupported } = require('./scope');
const { BUILTIN_PATHS } = require('./builtins');
const { methods: expressionMethods } = require('./expressions');
const controlMethods = require('./control');
const cellMethods = require('./cells');
const { patternNames, collectVars, collectBlockFunctions, isPlainDefault, isPlainPattern, nestedDefaultMark, usesOwnThis, v8Text } = require('./syntax');

/** acorn options shared with the instrumenter: the action runs as the body of a sloppy function (proxy/evaluate.js). */
const PARSE_OPTIONS = Object.freeze({
  ecmaVersion: 'latest',
  sourceType: 'script',
  locations: true,
  allowReturnOutsideFunction: true,
});

function parseAction(source) {
  return acorn.parse(source, PARSE_OPTIONS);
}

/** The first `return`, `break` or `continue` in `block` that leaves it (labels in `inner` are its own), or undefined. */
function escapingJump(block, inner) {
  for (const s of block) {
    if (s.s === 'return') return 'return';
    if ((s.s === 'break' || s.s === 'continue') && !inner.has(s.label)) return s.s;
    const nested = s.s === 'loop' || s.s === 'block' ? new Set([...inner, s.label]) : inner;
    for (const key of ['then', 'else', 'body', 'catch', 'finally']) {
      const found = Array.isArray(s[key]) ? escapingJump(s[key], nested) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function locOf(node) {
  return [node.loc.start.line, node.loc.start.column];
}

class Normalizer {
  constructor(source) {
    this.source = source;
    this.functions = []; // the program's functions, by id
    this.functionContexts = []; // their FunctionContexts, by id (captures, refusals)
    this.hooks = []; // what the instrumenter splices in: {kind, site|id, node}
    this.siteCount = 0;
    this.labelCount = 0;
    this.ctx = undefined;
    this.contexts = []; // every FunctionContext, for `compilable`
    this.noTypeSites = 0; // > 0 while normalizing a default value: it runs before the enter hook
    this.assigning = false; // destructure() stores into existing bindings (a destructuring assignment)
  }

  /** this.expr() with no type sites (a default value, evaluated before the function's enter event). */
  defaultExpr(node, out, nameHint) {
    this.noTypeSites++;
    try {
      return this.expr(node, out, nameHint);
    } finally {
      this.noTypeSites--;
    }
  }

  newSite() {
    return this.siteCount++;
  }

  newLabel(prefix) {
    return `${prefix}${++this.labelCount}`;
  }

  push(out, stmt, node) {
    if (node && node.loc) stmt.loc = locOf(node);
    out.push(stmt);
    return stmt;
  }

  unknown(what, node) {
    const stmt = { s: 'unknown', reason: `unsupported: ${what}` };
    if (node && node.loc) stmt.loc = locOf(node);
    return stmt;
  }

  save() {
    return { hooks: this.hooks.length, functions: this.functions.length, sites: this.siteCount };
  }

  /** Forgets the sites, hooks and functions of a statement that turned out unsupported: it runs unhooked. */
  restore(saved) {
    this.hooks.length = saved.hooks;
    this.functions.length = saved.functions;
    this.siteCount = saved.sites;
  }

  /** Normalizes one statement; an unsupported construct anywhere in it makes it one `unknown`. */
  statement(node, out, labels = []) {
    const saved = this.save();
    const local = [];
    const depth = { scopes: this.ctx.scopes.length, jumps: this.ctx.jumps.length };
    try {
      this.statementInner(node, local, labels);
      out.push(...local);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      this.restore(saved);
      this.ctx.scopes.length = depth.scopes;
      this.ctx.jumps.length = depth.jumps;
      out.push(this.unknown(error.what, node));
    }
  }

  statements(list, out) {
    for (const node of list) {
      this.listStatement = node; // a statement of a list, after which the instrumenter may add one
      this.statement(node, out);
    }
  }

  /**
   * Declares the bindings a body or block introduces before its statements run: let/const/class
   * of this block, functions (created at the start, as JavaScript hoists them), and for a
   * function body or the module, every `var` within.
   */
  hoist(list, out, functionLevel) {
    const ctx = this.ctx;
    if (functionLevel) {
      for (const id of collectVars({ type: 'BlockStatement', body: list }, [])) ctx.declare(id.name, 'var', 0, { functionLevel: true });
      // A function declared in a block is also a var of the function in sloppy code (Annex B)
      // and not in strict code: its name is unsupported outside its block (this binding), and
      // inside the block it is the block's own binding, created at the block's start (below),
      // which both modes agree on.
      for (const id of collectBlockFunctions(list)) ctx.declare(id.name, 'blockfn', 0, { functionLevel: true });
    }
    for (const node of list) {
      if (node.type === 'VariableDeclaration' && node.kind !== 'var') {
        for (const d of node.declarations) {
          for (const id of patternNames(d.id)) ctx.declare(id.name, node.kind, d.end);
        }
      } else if (node.type === 'ClassDeclaration') {
        ctx.declare(node.id.name, 'let', node.end);
      } else if (node.type === 'FunctionDeclaration') {
        ctx.declare(node.id.name, 'function', 0, { functionLevel: functionLevel && ctx.kind === 'function' });
      }
    }
    // Boxes of var and parameter cells, and of the let/const cells the function declarations of
    // this list name, before any function declaration is created with them.
    if (functionLevel && ctx.kind === 'function') this.cellPrologue(out);
    if (ctx.kind === 'function') this.earlyBoxes(list, out);
    for (const node of list) {
      if (node.type !== 'FunctionDeclaration') continue;
      this.functionDeclaration(node, out);
    }
  }

  /** A hoisted function declaration: its binding gets the function at the start of the scope. */
  functionDeclaration(node, out) {
    const saved = this.save();
    try {
      const value = this.functionValue(node, node.id.name);
      const target = this.ctx.lookup(node.id.name);
      // Its name rebinding a var or parameter that is a shared cell: a store into the box.
      if (target.ctx === this.ctx && target.cell !== undefined) {
        this.bindCell(target, value, out, node);
        return;
      }
      const stmt = target.ctx.kind === 'module' && this.ctx.kind === 'module'
        ? { s: 'setmod', name: target.unique, value }
        : { s: 'set', name: target.unique, value };
      this.push(out, stmt, node);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      this.restore(saved);
      out.push(this.unknown(error.what, node));
    }
  }

  /** Normalizes a function node into `functions` and returns the expression creating it. */
  functionValue(node, name) {
    const id = this.normalizeFunction(node, name);
    const { refused, captures } = this.functionContexts[id];
    if (refused) throw new Unsupported(refused, node);
    if (captures.length === 0) return { e: 'function', id };
    // A closure (trace-ir.md section 4): the captured values, read in the creating scope.
    // A shared cell's box is handed on (a parameter's box has a local of its own).
    return { e: 'function', id, captures: captures.map((c) => ({ a: 'var', name: c.outer.cell !== undefined ? c.outer.cell : c.outer.unique })) };
  }

  normalizeFunction(node, name) {
    const id = this.functions.length;
    const fn = { id, name: name || '', params: [], locals: [], body: [] };
    if (node.async) {
      // trace-ir.md section 7: `async` follows `name` (a plain function has no such member).
      delete fn.params;
      delete fn.locals;
      delete fn.body;
      Object.assign(fn, { async: true, params: [], locals: [], body: [] });
    }
    this.functions.push(fn);
    const outer = this.ctx;
    const ctx = new FunctionContext(outer, 'function', this);
    ctx.node = node;
    this.functionContexts[id] = ctx;
    this.contexts.push({ ctx, name: fn.name || '(anonymous)' });
    this.ctx = ctx;
    const outerChain = this.chainCtx;
    this.chainCtx = undefined;
    ctx.pushScope();
    try {
      const body = [];
      const why = this.unsupportedFunction(node);
      if (why) {
        body.push(this.unknown(why, node));
      } else {
        if (node.type === 'FunctionExpression' && node.id) {
          // Its own name, bound to the function itself in a scope of its own: the IR cannot name
          // the running function (params and vars of the same name shadow it, declared later);
          // a direct call of it in its own body is a call of a copy (expressions.js selfCallee).
          ctx.scopes[0].set(node.id.name, { unique: node.id.name, kind: 'selfname', declStart: 0, ctx, fnId: id });
        }
        const saved = this.save();
        let paramsOk = true;
        try {
          const defaults = this.parameters(node, fn, body);
          this.hooks.push({ kind: 'function', id, node, defaults });
        } catch (error) {
          if (!(error instanceof Unsupported)) throw error;
          this.restore(saved);
          body.length = 0;
          body.push(this.unknown(error.what, node));
          paramsOk = false;
        }
        if (paramsOk) {
          if (node.body.type === 'BlockStatement') {
            this.hoist(node.body.body, body, true);
            this.statements(node.body.body, body);
          } else {
            this.cellPrologue(body);
            this.arrowBody(node.body, body);
          }
        }
      }
      // Members in the document's order: `captures` (absent when empty) after `params`.
      delete fn.locals;
      delete fn.body;
      if (ctx.captures.length > 0) fn.captures = ctx.captures.map((c) => c.name);
      // A call of its own name (expressions.js selfCallee) re-creates it from its own captures.
      for (const v of ctx.selfValues || []) if (ctx.captures.length > 0) v.captures = ctx.captures.map((c) => ({ a: 'var', name: c.name }));
      // One in a nested function cannot re-create its captures: unknown then (the set, in place).
      for (const set of ctx.nestedSelfSets || []) if (ctx.captures.length > 0) unknownInPlace(set, 'the own name of a function expression that captures, called from a nested function');
      // A rest parameter `...xs` stays a local `xs` too (a closure's captures name it so).
      fn.locals = ctx.locals.filter((local) => !fn.params.includes(local));
      fn.body = body;
    } finally {
      this.ctx = outer;
      this.chainCtx = outerChain;
    }
    return id;
  }

  /**
   * Declares the parameters and normalizes what binding them does into `out`: a default value is
   * `if (p === undefined) p = default` (its site returned, for the instrumenter's prologue hook),
   * an object pattern reads each property of an unnamed parameter $pN.
   */
  parameters(node, fn, out) {
    const ctx = this.ctx;
    const defaults = [];
    node.params.forEach((param, i) => {
      if (param.type === 'Identifier') {
        fn.params.push(ctx.declare(param.name, 'param', 0));
      } else if (param.type === 'RestElement') {
        // trace-ir.md section 7: a rest parameter is the last of `params`, written `...name`.
        fn.params.push(`...${ctx.declare(param.argument.name, 'param', 0)}`);
      } else if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') {
        const name = ctx.declare(param.left.name, 'param', 0);
        fn.params.push(name);
        this.parameterDefault(param, name, out, defaults);
      } else {
        // A pattern (with or without a default): an unnamed parameter $pN, destructured.
        const name = ctx.claim(`$p${i + 1}`);
        fn.params.push(name);
        for (const id of patternNames(param)) ctx.declare(id.name, 'param', 0);
        const pattern = param.type === 'AssignmentPattern' ? param.left : param;
        if (param.type === 'AssignmentPattern') this.parameterDefault(param, name, out, defaults);
        this.destructure(pattern, { a: 'var', name }, out, param, defaults);
      }
    });
    return defaults;
  }

  /** `if (name === undefined) name = default` for a parameter's default value (its site into `defaults`). */
  parameterDefault(param, name, out, defaults) {
    const c = this.ctx.temp();
    this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '===', left: { a: 'var', name }, right: { a: 'undef' } } }, param);
    const site = this.newSite();
    defaults.push({ site, node: param.right, mark: param.left.type === 'ArrayPattern' ? 'trailing' : undefined });
    const then = [];
    const hint = param.left.type === 'Identifier' ? param.left.name : undefined;
    this.push(then, { s: 'set', name, value: this.defaultExpr(param.right, then, hint) }, param.right);
    this.push(out, { s: 'if', site, test: { a: 'var', name: c }, then, else: [] }, param);
  }

  /** Why a function as a whole is outside the subset (its body then is one `unknown`), or undefined. */
  unsupportedFunction(node) {
    if (node.generator) return node.async ? 'async generator function' : 'generator function';
    if (node.async && containsForAwait(node.body)) return 'for await...of'; // an await the hooks cannot see
    // The instrumenter wraps the body in `try{}`, where its function declarations become block-scoped.
    const clash = blockScopeClash(node);
    if (clash) return `function declaration ${clash} sharing its name with a parameter, a var or another function of the body`;
    for (const param of node.params) {
      if (param.type === 'RestElement') {
        if (param.argument.type !== 'Identifier') return 'rest parameter with a pattern';
      } else if (param.type === 'AssignmentPattern') {
        // The default is evaluated before the body's enter hook: it must not run code that records.
        if (!isPlainDefault(param.right)) return 'default parameter that is not a plain value';
        // V8 names an array pattern's default in its "… is not iterable" (the hook's text, once
        // wrapped) unless the hooks mark it with a trailing element (syntax.js
        // nestedDefaultMark); an object pattern parameter's default it prints as intermediate values.
        if (param.left.type === 'ArrayPattern' && nestedDefaultMark(param) !== 'trailing') return 'array pattern parameter with a default that is not an array literal of literals, or with a rest element';
        if (param.left.type !== 'Identifier' && !isPlainPattern(param.left)) return 'destructuring parameter with computed keys, a rest pattern or defaults that are not plain values';
      } else if (param.type === 'ObjectPattern' || param.type === 'ArrayPattern') {
        if (!isPlainPattern(param)) return 'destructuring parameter with computed keys, a rest pattern or defaults that are not plain values';
      } else if (param.type !== 'Identifier') {
        return param.type;
      }
    }
    if (node.type !== 'ArrowFunctionExpression' && usesOwnThis(node.body)) return 'this';
    // V8 places the errors of such a body at line 1, column 1; the instrumented block body would
    // place them right, which is a different stack trace.
    if (node.body.type === 'ChainExpression') return 'arrow whose body is an optional chain';
    // So does it those of a comma expression holding one (`(o.m, p?.k)`: o's ReferenceError at 1:1).
    if (node.body.type === 'SequenceExpression' && node.body.expressions.some((e) => e.type === 'ChainExpression')) return 'arrow whose body is a comma expression with an optional chain';
    return undefined;
  }

  arrowBody(expression, out) {
    const saved = this.save();
    const local = [];
    try {
      const value = this.atom(expression, local);
      this.push(local, { s: 'return', value }, expression);
      out.push(...local);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      this.restore(saved);
      out.push(this.unknown(error.what, expression));
    }
  }

  /** The statements of a nested statement position (if branch, loop body), in a scope of their own. */
  block(node, labels = []) {
    const out = [];
    this.statement(node, out, labels);
    return out;
  }

  statementInner(node, out, labels) {
    switch (node.type) {
      case 'ExpressionStatement':
        if (node.directive !== undefined) return;
        if (this.isExport(node.expression)) {
          // `exports.main = main` at the top level: only the engine's loader reads the wrapper's
          // exports object, so the program keeps the value's evaluation and drops the store.
          this.effect(node.expression.right, out);
          return;
        }
        this.effect(node.expression, out);
        return;
      case 'VariableDeclaration':
        this.variableDeclaration(node, out);
        return;
      case 'FunctionDeclaration':
        return; // created when its scope starts (hoist)
      case 'EmptyStatement':
        return;
      case 'BlockStatement':
        this.ctx.pushScope();
        try {
          this.hoist(node.body, out, false);
          this.statements(node.body, out);
        } finally {
          this.ctx.popScope();
        }
        return;
      case 'ReturnStatement': {
        if (this.ctx.kind === 'module') throw new Unsupported('return at the top level', node);
        const value = node.argument ? this.atom(node.argument, out) : { a: 'undef' };
        this.push(out, { s: 'return', value }, node);
        return;
      }
      case 'ThrowStatement':
        this.push(out, { s: 'throw', value: this.atom(node.argument, out) }, node);
        return;
      case 'IfStatement': {
        const test = this.atom(node.test, out);
        const site = this.testHook(node.test);
        const thenBlock = this.block(node.consequent);
        const elseBlock = node.alternate ? this.block(node.alternate) : [];
        this.push(out, { s: 'if', site, test, then: thenBlock, else: elseBlock }, node);
        return;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
        this.loop(node, out, labels);
        return;
      case 'LabeledStatement':
        this.labeled(node, out, labels);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        this.push(out, this.jump(node), node);
        return;
      case 'SwitchStatement':
        this.switchStatement(node, out, labels);
        return;
      case 'ForOfStatement':
        this.forOf(node, out, labels);
        return;
      case 'ForInStatement':
        this.forIn(node, out, labels);
        return;
      case 'TryStatement':
        this.tryStatement(node, out);
        return;
      case 'ClassDeclaration':
        throw new Unsupported('class', node);
      case 'WithStatement':
        throw new Unsupported('with', node);
      case 'DebuggerStatement':
        throw new Unsupported('debugger', node);
      default:
        throw new Unsupported(node.type, node);
    }
  }

  /**
   * try/catch/finally as one `try` statement (trace-ir.md section 5). The catch parameter is a
   * local of the function; all three blocks are normalized (the catch block's sites exist: an
   * activation that threw in Node.js and ran it records its events). Native code runs `body`
   * then `finally` and aborts on any throw, so a jump out of a block that a `finally` must follow
   * (return, or break/continue to a label outside it) is unsupported: it would skip the finally.
   */
  tryStatement(node, out) {
    const body = this.block(node.block);
    let param = null;
    let handler = null;
    if (node.handler) {
      const h = node.handler;
      const pattern = h.param && h.param.type !== 'Identifier' ? h.param : undefined;
      if (pattern && !isPlainPattern(pattern)) throw new Unsupported('destructuring catch parameter with computed keys or defaults that are not plain values', h.param);
      this.ctx.pushScope();
      try {
        if (pattern) {
          // An unnamed parameter, destructured first in the catch block; its decisions are
          // recorded at the start of the block (the binding has happened there).
          param = this.ctx.temp();
          for (const id of patternNames(pattern)) this.ctx.declare(id.name, 'let', 0);
          const defaults = [];
          handler = [];
          this.destructure(pattern, { a: 'var', name: param }, handler, pattern, defaults);
          // A default is marked by H.dp as the pattern binds, before H.ac makes a resumed async
          // invocation's list current again (instrument.js): it could be marked in another list.
          if (this.ctx.node && this.ctx.node.async && defaults.some((d) => d.node)) throw new Unsupported('default in a destructuring catch parameter of an async function', pattern);
          if (defaults.length > 0) this.hooks.push({ kind: 'pattern-body', node: h.body, defaults });
          handler.push(...this.block(h.body));
        } else {
          handler = [];
          if (h.param) {
            param = this.ctx.declare(h.param.name, 'let', 0);
            const binding = this.ctx.lookup(h.param.name);
            if (binding.cell !== undefined) param = this.boxCatchParameter(binding, handler, h.param);
          }
          handler.push(...this.block(h.body));
        }
      } finally {
        this.ctx.popScope();
      }
    }
    const finalizer = node.finalizer ? this.block(node.finalizer) : null;
    if (finalizer) {
      for (const [block, where] of [[body, 'try'], [handler, 'catch']]) {
        const jump = block && escapingJump(block, new Set());
        if (jump) throw new Unsupported(`${jump} out of a ${where} block that has a finally`, node);
      }
    }
    this.push(out, { s: 'try', body, param, catch: handler, finally: finalizer }, node);
  }

  variableDeclaration(node, out) {
    for (const d of node.declarations) {
      if (d.id.type === 'ArrayPattern' && d.init && d.id.elements.every((e) => e === null || e.type === 'Identifier') && d.init.type !== 'Literal') {
        this.arrayDeclaration(d, out);
        continue;
      }
      if (d.id.type !== 'Identifier') {
        if (!d.init) throw new Unsupported('destructuring declaration without initializer', d);
        const value = this.atom(d.init, out);
        // Defaults are recorded by a hook statement right after the declaration: only for a
        // single declarator standing in a statement list.
        const defaults = this.listStatement === node && node.declarations.length === 1 ? [] : undefined;
        // Over a name the pattern does not bind, its properties' values can be peeked after them.
        const outer = this.peekBase;
        this.peekBase = defaults && d.id.type === 'ObjectPattern' && d.init.type === 'Identifier' && !patternNames(d.id).some((id) => id.name === d.init.name) ? { name: d.init.name, pattern: d.id } : undefined;
        try {
          this.destructure(d.id, value, out, d, defaults);
        } finally {
          this.peekBase = outer;
        }
        if (defaults && defaults.length > 0) this.hooks.push({ kind: 'declaration', node, defaults });
        continue;
      }
      const binding = this.ctx.lookup(d.id.name);
      if (!d.init) {
        // `let x;` in a loop body resets x every iteration; `var x;` leaves it alone.
        if (node.kind !== 'var') this.assignBinding(binding, { a: 'undef' }, out, d);
        continue;
      }
      const value = this.expr(d.init, out, d.id.name);
      this.assignBinding(binding, value, out, d);
    }
  }

  /** `name = value` for a binding being declared (never a write to another function's binding). */
  assignBinding(binding, value, out, node) {
    if (binding.ctx.kind === 'module' && this.ctx.kind === 'module') {
      this.push(out, { s: 'setmod', name: binding.unique, value }, node);
    } else if (binding.ctx === this.ctx && binding.cell !== undefined) {
      this.bindCell(binding, value, out, node);
    } else if (binding.ctx === this.ctx) {
      this.push(out, { s: 'set', name: binding.unique, value }, node);
    } else {
      throw new Unsupported('declaration of an outer binding', node);
    }
  }

  /**
   * Binds a pattern from atom `value`. Each object pattern level first tests `value == null` (its
   * `then` is unknown: V8's TypeError for it has a wording of its own, which the IR cannot throw);
   * a default (`{a = 1}`, `[a = 1]`) is `if (t === undefined) t = 1`. `defaults` collects, in
   * program order, the events the instrumenter records once the binding has happened:
   * {site, check: true}, {site, node} (a default) and {site, slice: true} (an array rest's call of
   * Array.prototype.slice); absent where no hook can follow the binding (then a pattern that
   * needs one is unsupported).
   *
   * An array pattern is `set d = [...value]` (the array iterator's reads for an array: holes and
   * indices past the end are undefined; the IR's spread of anything else aborts, so native code
   * leaves strings, Maps and other iterables to Node.js), then `d[i]` per element; a rest element
   * `...r` is `d.slice(i)`, a call of Array.prototype.slice on that dense copy. An object rest
   * `...r` is `{...value}` (CopyDataProperties) then `delete r[k]` for each key the pattern named
   * before it (trace-ir.md section 5).
   */
  destructure(pattern, value, out, node, defaults) {
    if (pattern.type === 'Identifier') {
      // A destructuring assignment (expressions.js patternAssign) writes existing bindings.
      if (this.assigning) this.store(this.ctx.writeTarget(pattern), value, out, node);
      else this.assignBinding(this.ctx.lookup(pattern.name), value, out, node);
      return;
    }
    if (pattern.type === 'ObjectPattern') {
      if (pattern.properties.length === 0) throw new Unsupported('empty object pattern', pattern);
      if (!defaults) throw new Unsupported('object destructuring here (only a lone declaration or a parameter)', pattern);
      const isNull = this.ctx.temp();
      this.push(out, { s: 'set', name: isNull, value: { e: 'binary', op: '==', left: value, right: { a: 'null' } } }, pattern);
      const checkSite = this.newSite();
      defaults.push({ site: checkSite, check: true });
      this.push(out, { s: 'if', site: checkSite, test: { a: 'var', name: isNull }, then: [this.unknown('destructuring null or undefined', pattern)], else: [] }, pattern);
      const named = []; // the keys read so far, which a rest element leaves out
      for (const p of pattern.properties) {
        if (p.type === 'RestElement') {
          if (p.argument.type !== 'Identifier') throw new Unsupported('rest in a pattern with a nested pattern', p);
          const r = this.ctx.temp();
          this.push(out, { s: 'set', name: r, value: { e: 'object', props: [{ spread: value }] } }, p);
          for (const key of named) this.push(out, { s: 'delete', result: this.ctx.temp(), object: { a: 'var', name: r }, key }, p);
          this.destructure(p.argument, { a: 'var', name: r }, out, p, defaults);
          continue;
        }
        let key;
        if (!p.computed) key = { a: 'str', v: p.key.type === 'Identifier' ? p.key.name : String(p.key.value) };
        else if (pattern.properties.some((q) => q.type === 'RestElement')) throw new Unsupported('computed key in a pattern with a rest element', p);
        else key = this.atom(p.key, out);
        named.push(key);
        const t = this.ctx.temp();
        this.push(out, { s: 'set', name: t, value: { e: 'get', object: value, key } }, p);
        // A property of the declaration's own pattern over a name (`const { o: { k } = {} } = p`):
        // its default can be decided by a peek of `p.o` (bindElement).
        const peek = this.peekBase && this.peekBase.pattern === pattern && !p.computed ? { object: this.peekBase.name, key: key.v, after: p.end } : undefined;
        this.bindElement(p.value, t, out, p, defaults, peek);
      }
      return;
    }
    if (pattern.type === 'ArrayPattern') {
      const d = this.ctx.temp();
      this.push(out, { s: 'set', name: d, value: { e: 'array', items: [{ spread: value }] } }, pattern);
      const dv = { a: 'var', name: d };
      pattern.elements.forEach((e, i) => {
        if (e === null) return;
        if (e.type === 'RestElement') {
          if (e.argument.type !== 'Identifier') throw new Unsupported('rest in a pattern with a nested pattern', e);
          if (!defaults) throw new Unsupported('array rest element here (only a lone declaration or a parameter)', e);
          const f = this.ctx.temp();
          const r = this.ctx.temp();
          this.push(out, { s: 'set', name: f, value: { e: 'get', object: dv, key: { a: 'str', v: 'slice' } } }, e);
          const site = this.newSite();
          defaults.push({ site, slice: true });
          this.push(out, { s: 'call', site, result: r, callee: { a: 'var', name: f }, this: dv, args: [{ a: 'num', v: i }] }, e);
          this.destructure(e.argument, { a: 'var', name: r }, out, e, defaults);
          return;
        }
        const t = this.ctx.temp();
        this.push(out, { s: 'set', name: t, value: { e: 'get', object: dv, key: { a: 'num', v: i } } }, e);
        this.bindElement(e, t, out, e, defaults);
      });
      return;
    }
    throw new Unsupported(pattern.type, pattern);
  }

  /** A pattern element or property value read into temporary `t`: its default, then its target. */
  bindElement(target, t, out, node, defaults, peek) {
    if (target.type === 'AssignmentPattern') {
      if (!defaults || !isPlainDefault(target.right)) throw new Unsupported('default in a pattern', node);
      // V8 names the default's text in the TypeError of a null value ("Cannot destructure
      // property 'v' of '{}' …"): a default the hooks cannot mark without changing that text
      // stays unsupported (syntax.js nestedDefaultMark).
      let mark = target.left.type === 'Identifier' ? undefined : nestedDefaultMark(target);
      // `const { o: { k } = {} } = p`: V8 prints the empty literal as `{}`, which no hook inside
      // it keeps; the decision is recorded instead from a peek of `p.o` in a property the
      // instrumenter adds after this one (instrument.js markDefault, recorder.js pd).
      if (target.left.type !== 'Identifier' && mark === undefined && peek && target.left.type === 'ObjectPattern' && target.right.type === 'ObjectExpression') mark = 'peek';
      if (target.left.type !== 'Identifier' && mark === undefined) throw new Unsupported(nestedDefaultReason(target), node);
      const c = this.ctx.temp();
      const tv = { a: 'var', name: t };
      this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '===', left: tv, right: { a: 'undef' } } }, target);
      const site = this.newSite();
      defaults.push({ site, node: target.right, mark, peek: mark === 'peek' ? peek : undefined });
      const then = [];
      const hint = target.left.type === 'Identifier' ? target.left.name : undefined;
      this.push(then, { s: 'set', name: t, value: this.defaultExpr(target.right, then, hint) }, target.right);
      this.push(out, { s: 'if', site, test: { a: 'var', name: c }, then, else: [] }, target);
      target = target.left;
    }
    this.destructure(target, { a: 'var', name: t }, out, node, defaults);
  }

  /** `exports.k = v`, `module.exports = v` or `module.exports.k = v` in the module's own code. */
  isExport(e) {
    if (this.ctx.kind !== 'module' || e.type !== 'AssignmentExpression' || e.operator !== '=') return false;
    const isWrapper = (n, name) => n.type === 'Identifier' && n.name === name && this.ctx.lookup(name) === undefined;
    const isModuleExports = (n) => n.type === 'MemberExpression' && !n.computed && !n.optional && isWrapper(n.object, 'module') && n.property.name === 'exports';
    const left = e.left;
    if (isModuleExports(left)) return true;
    return left.type === 'MemberExpression' && !left.optional && (isWrapper(left.object, 'exports') || isModuleExports(left.object));
  }

  /** Registers the decision hook of a test expression (if, loop, ?:, || and &&); returns its site. */
  testHook(node, kind = 'test') {
    const site = this.newSite();
    this.hooks.push({ kind, site, node });
    return site;
  }
}

Object.assign(Normalizer.prototype, expressionMethods, controlMethods, cellMethods);

/**
 * Parses and normalizes `source` (`types: false`: no operand-type sites). Returns {program, hooks, ast}: `program` is the document of
 * trace-ir.md section 7, `hooks` what instrument.js splices in. Throws acorn's SyntaxError for
 * code that does not parse; every unsupported construct becomes an `unknown` statement instead.
 */
function normalizeProgram(source, { entry = 'main', types = true } = {}) {
  const ast = parseAction(source);
  const n = new Normalizer(source);
  if (!types) n.noTypeSites = 1; // no operand-type sites at all
  const moduleCtx = new FunctionContext(undefined, 'module', n);
  n.contexts.push({ ctx: moduleCtx, name: '(module)' });
  n.ctx = moduleCtx;
  moduleCtx.pushScope();
  const body = [];
  n.hoist(ast.body, body, true);
  n.statements(ast.body, body);

  const mainFunction = findMain(n, ast, entry, moduleCtx);
  let because = null;
  for (const { ctx, name } of n.contexts) {
    if (ctx.writesModule) {
      because = `function ${name} writes the module binding ${ctx.writesModule.name} (line ${ctx.writesModule.line})`;
      break;
    }
  }
  if (because === null) {
    for (const f of n.functions) {
      const m = moduleMutation(f.body);
      if (m) {
        because = `function ${f.name || '(anonymous)'} changes the module object ${m.name} (line ${m.line}), whose state native code would not share with Node.js`;
        break;
      }
    }
  }
  if (because === null) {
    // Through aliases too (a parameter, a local, a nested object, a callback's element): a write on
    // a path the trace never sees would happen in Node.js only (module-writes.js).
    const m = moduleStateWrite(n.functions, body, mainFunction, ast);
    if (m && m.builtin) because = `function ${m.fn || '(anonymous)'} may change the built-in ${m.name} (line ${m.line}), which native code would not share with Node.js`;
    else if (m) because = `function ${m.fn || '(anonymous)'} may change an object held by the module binding ${m.name} (line ${m.line}), whose state native code would not share with Node.js`;
  }
  if (because === null) {
    const m = moduleWriteInSource(ast, statefulBindings(body));
    const what = m && (m.name === 'this' ? 'its object through this in an object literal method' : `an object held by the module binding ${m.name}`);
    if (m) because = `a function may change ${what} (line ${m.line}), whose state native code would not share with Node.js`;
  }
  if (because === null && mainFunction === null) because = `${entry} is not a plain function declared in the action`;
  const program = {
    version: 1,
    functions: n.functions,
    module: { locals: moduleCtx.locals, body },
    main_function: mainFunction,
    builtins: [...BUILTIN_PATHS],
    compilable: because === null,
    not_compilable_because: because,
  };
  return { program, hooks: n.hooks, ast };
}

/** Methods that change their receiver (arrays, maps, sets, dates) and Object functions that change their first argument. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const MUTATING_OBJECT_FUNCTIONS = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf', 'freeze', 'seal', 'preventExtensions']);

/**
 * The first place a function's body visibly changes an object held by a module binding: a
 * property write or delete on it, a mutating method called on it, Object.assign(it, ...). Such
 * state lives on in Node.js between activations, apart from native code's, so the program is
 * not compilable. Only direct uses are seen here (their messages name them); aliases
 * (`const c = CACHE; c.x = 1`, a helper's parameter, a callback's element) are module-writes.js's.
 */
function moduleMutation(body) {
  const gets = new Map(); // temporary -> the get it holds
  let found;
  const visit = (stmts) => {
    for (const s of stmts) {
      if (found) return;
      const line = s.loc ? s.loc[0] : 0;
      if (s.s === 'set' && s.value && s.value.e === 'get') gets.set(s.name, s.value);
      if ((s.s === 'setprop' || s.s === 'delete') && s.object.a === 'mod') found = { name: s.object.name, line };
      if (s.s === 'call' && s.callee.a === 'var' && gets.has(s.callee.name)) {
        const g = gets.get(s.callee.name);
        const key = g.key.a === 'str' ? g.key.v : undefined;
        if (s.this && s.this.a === 'mod' && MUTATING_METHODS.has(key)) found = { name: s.this.name, line };
        const first = s.args[0];
        if (g.object.a === 'global' && g.object.name === 'Object' && MUTATING_OBJECT_FUNCTIONS.has(key) && first && first.a === 'mod') found = { name: first.name, line };
      }
      for (const k of ['then', 'else', 'body', 'catch', 'finally']) if (Array.isArray(s[k])) visit(s[k]);
    }
  };
  visit(body);
  return found;
}

/** Why a nested pattern's default is unsupported (syntax.js nestedDefaultMark found no mark). */
function nestedDefaultReason(target) {
  if (target.left.type === 'ObjectPattern' && target.right.type === 'ObjectExpression') return 'empty object literal as the default of a nested pattern, but directly in a declaration over a name (V8 prints it as {} in the TypeError of a null value)';
  if (target.left.type === 'ArrayPattern' && target.right.type === 'ArrayExpression') return 'default of a nested array pattern with a rest element, or holding names, reads or operators';
  return 'default of a nested pattern that is not an array or object literal (V8 prints its text in the TypeError of a null value)';
}

/** Turns statement `stmt` into an unknown of reason `what`, in place (its `loc` kept). */
function unknownInPlace(stmt, what) {
  const loc = stmt.loc;
  for (const key of Object.keys(stmt)) delete stmt[key];
  Object.assign(stmt, { s: 'unknown', reason: `unsupported: ${what}` }, loc ? { loc } : {});
}

/**
 * The name of a function declaration at the top of a block body that would change meaning, or not
 * parse, once the body is a block (`try{ body }`): one also a `var`, a function declaration in a
 * nested block (Annex B var), declared twice, or a parameter of a function that reads `arguments`
 * (mapped to the parameter, which the block's function no longer replaces at entry). V8 throws
 * "Identifier 'g' has already been declared" for `var g; function g() {}` in a block; the others
 * would bind otherwise.
 */
function blockScopeClash(node) {
  if (node.body.type !== 'BlockStatement') return undefined;
  const tops = node.body.body.filter((s) => s.type === 'FunctionDeclaration').map((s) => s.id.name);
  if (tops.length === 0) return undefined;
  const others = new Set(collectVars(node.body, []).map((id) => id.name)); // identifier nodes
  if (readsArguments(node.body)) for (const p of node.params) for (const id of patternNames(p, [])) others.add(id.name);
  for (const id of collectBlockFunctions(node.body.body)) others.add(id.name);
  const once = new Set();
  for (const name of tops) {
    if (others.has(name) || once.has(name)) return name;
    once.add(name);
  }
  return undefined;
}

/** Whether `node` names `arguments` anywhere (nested functions included: a cautious answer). */
function readsArguments(node) {
  if (!node || typeof node.type !== 'string') return false;
  if (node.type === 'Identifier') return node.name === 'arguments';
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child) ? child.some(readsArguments) : child && typeof child.type === 'string' && readsArguments(child)) return true;
  }
  return false;
}

/** Whether a function body has a `for await` of its own (not in nested functions). */
function containsForAwait(node) {
  if (!node || typeof node.type !== 'string') return false;
  if (node.type === 'ForOfStatement' && node.await) return true;
  if (/^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration|ClassExpression|ClassDeclaration)$/.test(node.type)) return false;
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      if (child.some(containsForAwait)) return true;
    } else if (child && typeof child.type === 'string' && containsForAwait(child)) {
      return true;
    }
  }
  return false;
}

/** The id of the entry: a top-level, non-generator function declaration named `entry` that the module never reassigns. */
function findMain(n, ast, entry, moduleCtx) {
  let decl;
  for (const node of ast.body) if (node.type === 'FunctionDeclaration' && node.id.name === entry) decl = node;
  if (!decl || decl.generator || moduleCtx.moduleWrites.has(entry)) return null;
  const fn = n.functions.find((f) => f.name === entry && n.hooks.some((h) => h.kind === 'function' && h.id === f.id && h.node === decl));
  return fn ? fn.id : null;
}

module.exports = { normalizeProgram, parseAction, PARSE_OPTIONS, patternNames, v8Text };