// The normalizer's expressions (mixed into Normalizer): lowering to atoms, temporaries, calls, and && || ?? ?: as `if`.
'use strict';

const { Unsupported } = require('./scope');
const { containsAwait, assignsLocal, isPlainPattern, patternNames } = require('./syntax');

const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '**', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&', '|', '^', '<<', '>>', '>>>', 'in', 'instanceof']);
const UNARY_OPS = new Set(['!', '-', '+', '~', 'typeof', 'void']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isAtom(e) {
  return e !== null && typeof e === 'object' && typeof e.a === 'string';
}

/** For each operand, whether any operand after it may write (suffix OR of mayWrite). */
function writesAfter(nodes) {
  const later = new Array(nodes.length).fill(false);
  for (let i = nodes.length - 2; i >= 0; i--) later[i] = later[i + 1] || mayWrite(nodes[i + 1]);
  return later;
}

/** A string atom; a string with a lone surrogate is written as UTF-16 code units (trace-ir.md section 3). */
function strAtom(value) {
  if (!LONE_SURROGATE.test(value)) return { a: 'str', v: value };
  const u16 = [];
  for (let i = 0; i < value.length; i++) u16.push(value.charCodeAt(i));
  return { a: 'str', u16 };
}

function numAtom(value) {
  if (Number.isNaN(value)) return { a: 'num', v: 'NaN' };
  if (value === Infinity) return { a: 'num', v: 'Infinity' };
  if (value === -Infinity) return { a: 'num', v: '-Infinity' };
  if (Object.is(value, -0)) return { a: 'num', v: '-0' };
  return { a: 'num', v: value };
}

/**
 * Whether evaluating `node` may run code that changes a binding (a call, an assignment, ...).
 * Nested function bodies are not evaluated by creating the function, so they are not looked into.
 */
const mayWriteMemo = new WeakMap();

function mayWrite(node) {
  if (!node || typeof node.type !== 'string') return false;
  let known = mayWriteMemo.get(node);
  if (known === undefined) {
    known = computeMayWrite(node);
    mayWriteMemo.set(node, known);
  }
  return known;
}

function computeMayWrite(node) {
  switch (node.type) {
    case 'CallExpression':
    case 'NewExpression':
    case 'AssignmentExpression':
    case 'UpdateExpression':
    case 'AwaitExpression':
    case 'YieldExpression':
    case 'TaggedTemplateExpression':
    case 'ImportExpression':
      return true;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
      return false;
    default:
      break;
  }
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      if (child.some(mayWrite)) return true;
    } else if (child && typeof child.type === 'string' && mayWrite(child)) {
      return true;
    }
  }
  return false;
}

const methods = {
  /** Normalizes `node` to an expression or atom, emitting what it needs first into `out`. */
  expr(node, out, nameHint) {
    switch (node.type) {
      case 'Literal':
        return node.regex ? this.regexp(node, out) : this.literal(node);
      case 'Identifier':
        return this.ctx.readValue(node); // an atom, or a shared cell's `get` (scope.js)
      case 'TemplateLiteral':
        return this.template(node, out);
      case 'ObjectExpression':
        return this.object(node, out);
      case 'ArrayExpression':
        return this.array(node, out);
      case 'MemberExpression':
        return this.member(node, out);
      case 'UnaryExpression':
        return this.unary(node, out);
      case 'BinaryExpression': {
        if (!BINARY_OPS.has(node.operator) || node.left.type === 'PrivateIdentifier') throw new Unsupported(`operator ${node.operator}`, node);
        const [left, right] = this.atoms([node.left, node.right], out);
        return this.typeSite({ e: 'binary', op: node.operator, left, right }, { kind: 'type2', node, left: node.left, right: node.right });
      }
      case 'LogicalExpression':
        return this.logical(node, out);
      case 'ConditionalExpression':
        return this.conditional(node, out);
      case 'AssignmentExpression':
        return this.assign(node, out, true);
      case 'UpdateExpression':
        return this.update(node, out, true);
      case 'SequenceExpression':
        // No name for a function at the end: NamedEvaluation does not look through a comma.
        for (const e of node.expressions.slice(0, -1)) this.effect(e, out);
        return this.expr(node.expressions[node.expressions.length - 1], out);
      case 'CallExpression':
        return this.call(node, out, true);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.functionValue(node, node.id ? node.id.name : nameHint);
      case 'ChainExpression':
        return this.chain(node, out);
      case 'ThisExpression':
        throw new Unsupported('this', node);
      case 'NewExpression':
        // `new callee(...args)`: a call statement with "construct": true (trace-ir.md section
        // 5), whose target the tracer reports as for any call; only the built-in Date is
        // compiled, any other constructor is an opaque target.
        return this.call(node, out, true);
      case 'AwaitExpression':
        // trace-ir.md section 4: `await` is only ever the value of a `set` in a function body
        // (every non-atom expression here becomes one); `await f(x)` gives the adjacent
        // `call r = f(x)` and `set t = await r` the tracer inlines an async f at.
        if (this.ctx.kind === 'module') throw new Unsupported('await at the top level', node);
        return { e: 'await', arg: this.atom(node.argument, out) };
      case 'TaggedTemplateExpression':
        throw new Unsupported('tagged template', node);
      case 'ClassExpression':
        throw new Unsupported('class', node);
      default:
        throw new Unsupported(node.type, node);
    }
  },

  /** Normalizes `node` to an atom, through a fresh temporary when it is not one already. */
  atom(node, out, nameHint) {
    const e = this.expr(node, out, nameHint);
    if (isAtom(e)) return e;
    const t = this.ctx.temp();
    this.push(out, { s: 'set', name: t, value: e }, node);
    return { a: 'var', name: t };
  },

  /**
   * Atoms for operands evaluated left to right. JavaScript reads a name when its operand is
   * evaluated, so a name whose binding a later operand may change is copied to a temporary first.
   */
  atoms(nodes, out) {
    const later = writesAfter(nodes);
    const result = [];
    nodes.forEach((node, i) => {
      let a = this.atom(node, out);
      if (this.isMutableAtom(a) && later[i]) a = this.snapshot(a, out, node);
      result.push(a);
    });
    return result;
  },

  isMutableAtom(a) {
    return a.a === 'mod' || a.a === 'global' || (a.a === 'var' && !this.ctx.temps.has(a.name));
  },

  snapshot(a, out, node) {
    const t = this.ctx.temp();
    this.push(out, { s: 'set', name: t, value: a }, node);
    return { a: 'var', name: t };
  },

  /**
   * A regular expression literal is an opaque value: the call `RegExp(pattern, flags)` (a new
   * object each evaluation, as the literal gives), whose target the tracer records as
   * `{"opaque":"function"}`; native code aborts there and its methods are left to Node.js.
   */
  regexp(node, out) {
    const f = this.ctx.temp();
    this.push(out, { s: 'set', name: f, value: { a: 'global', name: 'RegExp' } }, node);
    const site = this.newSite();
    const r = this.ctx.temp();
    this.push(out, { s: 'call', site, result: r, callee: { a: 'var', name: f }, this: { a: 'undef' }, args: [strAtom(node.regex.pattern), strAtom(node.regex.flags)] }, node);
    this.hooks.push({ kind: 'regexp', site, node });
    return { a: 'var', name: r };
  },

  literal(node) {
    if (node.regex) throw new Unsupported('regular expression literal', node);
    if (node.bigint !== undefined) throw new Unsupported('BigInt literal', node);
    const v = node.value;
    if (v === null) return { a: 'null' };
    if (typeof v === 'string') return strAtom(v);
    if (typeof v === 'number') return numAtom(v);
    if (typeof v === 'boolean') return { a: 'bool', v };
    throw new Unsupported(`literal ${node.raw}`, node);
  },

  /** `a${x}b`: each substitution is evaluated and converted in order, then the pieces concatenated. */
  template(node, out) {
    const pieces = [];
    node.quasis.forEach((q, i) => {
      if (q.value.cooked === null) throw new Unsupported('template with an invalid escape', q);
      if (q.value.cooked !== '') pieces.push(strAtom(q.value.cooked));
      if (i < node.expressions.length) {
        const value = this.atom(node.expressions[i], out);
        const t = this.ctx.temp();
        const e = this.typeSite({ e: 'tostring', arg: value }, { kind: 'type1', node: node.expressions[i], operand: node.expressions[i] });
        this.push(out, { s: 'set', name: t, value: e }, node.expressions[i]);
        pieces.push({ a: 'var', name: t });
      }
    });
    if (pieces.length === 0) return strAtom('');
    if (pieces.length === 1) {
      // A template is always a string: a lone substitution is already converted.
      return pieces[0];
    }
    let acc = pieces[0];
    for (const piece of pieces.slice(1, -1)) {
      const t = this.ctx.temp();
      this.push(out, { s: 'set', name: t, value: { e: 'binary', op: '+', left: acc, right: piece } }, node);
      acc = { a: 'var', name: t };
    }
    return { e: 'binary', op: '+', left: acc, right: pieces[pieces.length - 1] };
  },

  object(node, out) {
    // The operands in evaluation order: each computed key, then its value.
    const operands = [];
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        operands.push(p.argument);
        continue;
      }
      // A method (`{ get(p) { … } }`) is a function value here; only `new` could tell it apart.
      if (p.kind !== 'init') throw new Unsupported('accessor in an object literal', p);
      if (!p.computed && !p.shorthand && propertyName(p.key) === '__proto__') throw new Unsupported('__proto__ in an object literal', p);
      if (p.computed) operands.push(p.key);
      operands.push(p.value);
    }
    const atoms = this.atomsWithHints(operands, node, out);
    const props = [];
    let i = 0;
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') props.push({ spread: atoms[i++] });
      else if (p.computed) props.push({ computed: atoms[i++], value: atoms[i++] });
      else props.push({ key: propertyName(p.key), value: atoms[i++] });
    }
    return { e: 'object', props };
  },

  /** atoms() with the property name as the name of an anonymous function value ({f: () => 1}). */
  atomsWithHints(operands, node, out) {
    const hints = new Map();
    for (const p of node.properties) if (p.type === 'Property' && !p.computed) hints.set(p.value, propertyName(p.key));
    const later = writesAfter(operands);
    const result = [];
    operands.forEach((operand, i) => {
      let a = this.atom(operand, out, hints.get(operand));
      if (this.isMutableAtom(a) && later[i]) a = this.snapshot(a, out, operand);
      result.push(a);
    });
    return result;
  },

  array(node, out) {
    const operands = node.elements.filter((e) => e !== null).map((e) => (e.type === 'SpreadElement' ? e.argument : e));
    const atoms = this.atoms(operands, out);
    let i = 0;
    const items = node.elements.map((e) => {
      if (e === null) return { hole: true };
      if (e.type === 'SpreadElement') return { spread: atoms[i++] };
      return atoms[i++];
    });
    return { e: 'array', items };
  },

  /**
   * The (object, key) atoms of a member expression, in evaluation order. An optional link
   * (`o?.k`, inside a chain) first leaves the chain's block with `undefined` when o is nullish.
   */
  memberParts(node, out) {
    if (node.optional && !this.chainCtx) throw new Unsupported('optional chaining', node);
    if (node.property.type === 'PrivateIdentifier') throw new Unsupported('private field', node);
    if (node.object.type === 'Super') throw new Unsupported('super', node);
    let object = this.atom(node.object, out);
    if (node.optional) this.nullishExit(object, node.object, out);
    if (!node.computed) return [object, strAtom(node.property.name)];
    if (this.isMutableAtom(object) && mayWrite(node.property)) object = this.snapshot(object, out, node.object);
    return [object, this.atom(node.property, out)];
  },

  /**
   * An optional chain as a `block`: each optional link tests its object with `== null` (a
   * decision hooked on the object) and, when nullish, sets the chain's result to undefined and
   * leaves the block; the rest of the chain is skipped, as JavaScript does.
   */
  chain(node, out) {
    const r = this.ctx.temp();
    const label = this.newLabel('B');
    const outer = this.chainCtx;
    this.chainCtx = { r, label, node };
    const body = [];
    try {
      const value = this.expr(node.expression, body);
      this.push(body, { s: 'set', name: r, value }, node);
    } finally {
      this.chainCtx = outer;
    }
    this.push(out, { s: 'block', label, body }, node);
    return { a: 'var', name: r };
  },

  nullishExit(object, objectNode, out) {
    const c = this.ctx.temp();
    this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '==', left: object, right: { a: 'null' } } }, objectNode);
    const site = this.testHook(objectNode, objectNode === this.keepReceiver ? 'nullish-receiver' : 'nullish');
    const { r, label } = this.chainCtx;
    const exit = [{ s: 'set', name: r, value: { a: 'undef' } }, { s: 'break', label }];
    this.push(out, { s: 'if', site, test: { a: 'var', name: c }, then: exit, else: [] }, objectNode);
  },

  member(node, out) {
    const [object, key] = this.memberParts(node, out);
    return this.memberTypeSite({ e: 'get', object, key }, node);
  },

  /** A `get` of a member expression written in the source reports its operand types (not in `o?.k`). */
  memberTypeSite(e, node) {
    // A hook around the object of `a?.b.c` would end the chain's short-circuit at the hook.
    if (node.optional || hasOptionalLink(node.object)) return e;
    if (!node.computed) return this.typeSite(e, { kind: 'type-key', node, object: node.object });
    return this.typeSite(e, { kind: 'type2', node, left: node.object, right: node.property });
  },

  /**
   * Gives expression `e` (the value of a set or setmod) a site for its operand types
   * (trace-ir.md section 7) and registers the hook that records them. None inside a default
   * value (evaluated before the function's enter hook), none where an operand awaits (another
   * activation may run in between) and none on `typeof` of a name that may be an undeclared
   * global (the hook would read it, and throw).
   */
  typeSite(e, hook) {
    if (this.noTypeSites > 0) return e;
    const operands = [hook.left, hook.right, hook.operand, hook.object].filter(Boolean);
    if (operands.some(containsAwait)) return e;
    e.site = this.newSite();
    this.hooks.push({ ...hook, site: e.site });
    return e;
  },

  unary(node, out) {
    if (node.operator === 'delete') {
      if (node.argument.type !== 'MemberExpression') throw new Unsupported('delete of a name', node);
      const [object, key] = this.memberParts(node.argument, out);
      const t = this.ctx.temp();
      this.push(out, { s: 'delete', result: t, object, key }, node);
      return { a: 'var', name: t };
    }
    if (!UNARY_OPS.has(node.operator)) throw new Unsupported(`operator ${node.operator}`, node);
    const arg = this.atom(node.argument, out);
    const e = { e: 'unary', op: node.operator, arg };
    if (node.operator === 'typeof' && arg.a === 'global') return e;
    if (node.argument.type === 'Literal') return e; // `-1`: its type is no news
    return this.typeSite(e, { kind: 'type1', node, operand: node.argument });
  },

  /**
   * `a || b` as a value: `set t = a; if t {} else {set t = b}`; `&&` swaps the branches; `a ?? b`
   * tests `t == null`. The decision hook is on `a`.
   */
  logical(node, out) {
    const t = this.ctx.temp();
    this.push(out, { s: 'set', name: t, value: this.expr(node.left, out) }, node.left);
    const site = this.testHook(node.left, node.operator === '??' ? 'nullish' : 'test');
    const rhs = [];
    this.push(rhs, { s: 'set', name: t, value: this.expr(node.right, rhs) }, node.right);
    const tv = { a: 'var', name: t };
    if (node.operator === '||') {
      this.push(out, { s: 'if', site, test: tv, then: [], else: rhs }, node);
    } else if (node.operator === '&&') {
      this.push(out, { s: 'if', site, test: tv, then: rhs, else: [] }, node);
    } else {
      const c = this.ctx.temp();
      this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '==', left: tv, right: { a: 'null' } } }, node);
      this.push(out, { s: 'if', site, test: { a: 'var', name: c }, then: rhs, else: [] }, node);
    }
    return tv;
  },

  conditional(node, out) {
    const test = this.atom(node.test, out);
    const site = this.testHook(node.test);
    const t = this.ctx.temp();
    const thenBlock = [];
    this.push(thenBlock, { s: 'set', name: t, value: this.expr(node.consequent, thenBlock) }, node.consequent);
    const elseBlock = [];
    this.push(elseBlock, { s: 'set', name: t, value: this.expr(node.alternate, elseBlock) }, node.alternate);
    this.push(out, { s: 'if', site, test, then: thenBlock, else: elseBlock }, node);
    return { a: 'var', name: t };
  },

  /** A statement-position expression: evaluated for its effects only. */
  effect(node, out) {
    switch (node.type) {
      case 'AssignmentExpression':
        this.assign(node, out, false);
        return;
      case 'UpdateExpression':
        this.update(node, out, false);
        return;
      case 'CallExpression':
      case 'NewExpression':
        this.call(node, out, false);
        return;
      case 'SequenceExpression':
        for (const e of node.expressions) this.effect(e, out);
        return;
      default: {
        const e = this.expr(node, out);
        // Reading a name has no effect, except that an undeclared global throws.
        if (!isAtom(e) || e.a === 'global') this.push(out, { s: 'set', name: this.ctx.temp(), value: e }, node);
      }
    }
  },

  /** Stores atom `value` into an assignment target resolved by FunctionContext.writeTarget. */
  store(target, value, out, node) {
    if (target.kind === 'cell') {
      // A shared cell (trace-ir.md section 4.2): a store into its box.
      if (!isAtom(value)) value = this.atomOfExpr(value, out, node);
      this.push(out, { s: 'setprop', object: { a: 'var', name: target.name }, key: { a: 'str', v: 'v' }, value }, node);
      return;
    }
    if (target.kind === 'mod' && value.e === 'await') {
      // `n = await x` in a function: only a `set` may await (trace-ir.md section 4).
      const t = this.ctx.temp();
      this.push(out, { s: 'set', name: t, value }, node);
      value = { a: 'var', name: t };
    }
    this.push(out, { s: target.kind === 'mod' ? 'setmod' : 'set', name: target.name, value }, node);
  },

  assign(node, out, wantValue) {
    const op = node.operator;
    if (op === '&&=' || op === '||=' || op === '??=') return this.logicalAssign(node, out);
    const left = node.left;
    if (left.type === 'Identifier') {
      const target = this.ctx.writeTarget(left);
      if (op === '=') {
        const e = this.expr(node.right, out, left.name);
        if (!wantValue) {
          this.store(target, e, out, node);
          return undefined;
        }
        let a = isAtom(e) ? e : this.atomOfExpr(e, out, node);
        if (this.isMutableAtom(a)) a = this.snapshot(a, out, node);
        this.store(target, a, out, node);
        return a;
      }
      const [current, right] = this.atoms([left, node.right], out);
      const t = this.ctx.temp();
      let value = { e: 'binary', op: op.slice(0, -1), left: current, right };
      // The hook re-reads the name with the right operand's value: only when nothing in between
      // can change it (a local only by an assignment in the operand itself: a closure of the
      // subset captures only bindings nothing writes), and the read cannot throw (a local or
      // module binding).
      const unchanged = target.kind === 'cell' ? !mayWrite(node.right) : current.a === 'var' ? !assignsLocal(node.right, left.name) : current.a === 'mod' && !mayWrite(node.right);
      if (unchanged) value = this.typeSite(value, { kind: 'type-assign', node, name: left.name, operand: node.right });
      this.push(out, { s: 'set', name: t, value }, node);
      this.store(target, { a: 'var', name: t }, out, node);
      return { a: 'var', name: t };
    }
    if (left.type === 'ObjectPattern' || left.type === 'ArrayPattern') return this.patternAssign(node, out, wantValue);
    if (left.type !== 'MemberExpression') throw new Unsupported('destructuring assignment', node);
    const [object, key] = this.memberParts(left, out);
    let objectAtom = object;
    let keyAtom = key;
    if (mayWrite(node.right)) {
      if (this.isMutableAtom(objectAtom)) objectAtom = this.snapshot(objectAtom, out, left.object);
      if (this.isMutableAtom(keyAtom)) keyAtom = this.snapshot(keyAtom, out, left.property);
    }
    let value;
    if (op === '=') {
      value = this.atom(node.right, out);
    } else {
      const current = this.ctx.temp();
      this.push(out, { s: 'set', name: current, value: this.memberTypeSite({ e: 'get', object: objectAtom, key: keyAtom }, left) }, left);
      const right = this.atom(node.right, out);
      const t = this.ctx.temp();
      let binary = { e: 'binary', op: op.slice(0, -1), left: { a: 'var', name: current }, right };
      // `o.k += e`: the hook peeks o.k (no getter runs) after the read and before the store.
      const peek = peekableMember(left);
      if (peek && !mayWrite(node.right)) binary = this.typeSite(binary, { kind: 'type-assign', node, peek, operand: node.right });
      this.push(out, { s: 'set', name: t, value: binary }, node);
      value = { a: 'var', name: t };
    }
    if (wantValue && this.isMutableAtom(value)) value = this.snapshot(value, out, node);
    this.push(out, { s: 'setprop', object: objectAtom, key: keyAtom, value }, node);
    return value;
  },

  /**
   * `[a, b] = [b, a]`, `({ k, ...rest } = o)` as a statement, of names only: the value is
   * evaluated (a copy of a name, which the pattern may assign), then destructured as a
   * declaration is (normalize.js destructure), each name stored in turn. Its decisions are
   * recorded right after the statement, as a declaration's: only a statement of a list may have
   * some.
   */
  patternAssign(node, out, wantValue) {
    const left = node.left;
    if (wantValue) throw new Unsupported('destructuring assignment as a value', node);
    if (!isPlainPattern(left) || patternNames(left).length === 0) throw new Unsupported('destructuring assignment', node);
    const isStatement = this.listStatement && this.listStatement.type === 'ExpressionStatement' && this.listStatement.expression === node;
    let value = this.atom(node.right, out);
    if (this.isMutableAtom(value)) value = this.snapshot(value, out, node.right);
    const defaults = isStatement ? [] : undefined;
    const outer = this.assigning;
    this.assigning = true;
    try {
      this.destructure(left, value, out, node, defaults);
    } finally {
      this.assigning = outer;
    }
    if (defaults && defaults.length > 0) this.hooks.push({ kind: 'declaration', node: this.listStatement, defaults });
    return undefined;
  },

  /**
   * `x ||= v`, `x &&= v`, `x ??= v` on a name or `name.key`: `set t = x; if t {} else { set t = v;
   * set x = t }` (branches swapped for &&=, `t == null` tested for ??=); the value is t. The hook
   * reads the target once more before the assignment, so only targets whose read has no effect.
   */
  logicalAssign(node, out) {
    const left = node.left;
    const t = this.ctx.temp();
    const tv = { a: 'var', name: t };
    let store;
    if (left.type === 'Identifier') {
      const target = this.ctx.writeTarget(left);
      this.push(out, { s: 'set', name: t, value: this.ctx.readValue(left) }, left);
      store = (block) => this.store(target, tv, block, node);
    } else if (left.type === 'MemberExpression' && left.object.type === 'Identifier' && staticMemberKey(left) !== undefined) {
      // `o.k ??= v`: the hook reads o.k through descriptors (no getter runs twice); when it
      // cannot, the decision is not recorded and that path stays untraced.
      const [object, key] = this.memberParts(left, out);
      this.push(out, { s: 'set', name: t, value: { e: 'get', object, key } }, left);
      store = (block) => this.push(block, { s: 'setprop', object, key, value: tv }, node);
    } else if (left.type === 'MemberExpression' && !left.optional && left.object.type !== 'Super' && left.property.type !== 'PrivateIdentifier') {
      // `o[k] ??= v` (any other member): the key is converted once, as JavaScript does
      // (ToPropertyKey is ToString but for a symbol, which `tostring` throws on: native code
      // aborts there), and the decision is recorded after the assignment from whether `v` ran
      // (instrument.js), so no property is read twice.
      let [object, key] = this.memberParts(left, out);
      if (!isAtom(key) || key.a === 'var' || key.a === 'mod' || key.a === 'global') {
        const k = this.ctx.temp();
        this.push(out, { s: 'set', name: k, value: { e: 'tostring', arg: key } }, left.property);
        key = { a: 'var', name: k };
      }
      if (this.isMutableAtom(object) && mayWrite(node.right)) object = this.snapshot(object, out, left.object);
      this.push(out, { s: 'set', name: t, value: { e: 'get', object, key } }, left);
      store = (block) => this.push(block, { s: 'setprop', object, key, value: tv }, node);
    } else {
      throw new Unsupported('logical assignment to this target', node);
    }
    const site = this.newSite();
    const marked = left.type === 'MemberExpression' && (left.object.type !== 'Identifier' || staticMemberKey(left) === undefined);
    this.hooks.push({ kind: 'logical-assign', site, node, nullish: node.operator === '??=', key: left.type === 'Identifier' ? undefined : staticMemberKey(left), marked });
    const assign = [];
    this.push(assign, { s: 'set', name: t, value: this.expr(node.right, assign, left.type === 'Identifier' ? left.name : undefined) }, node.right);
    store(assign);
    if (node.operator === '||=') {
      this.push(out, { s: 'if', site, test: tv, then: [], else: assign }, node);
    } else if (node.operator === '&&=') {
      this.push(out, { s: 'if', site, test: tv, then: assign, else: [] }, node);
    } else {
      const c = this.ctx.temp();
      this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '==', left: tv, right: { a: 'null' } } }, node);
      this.push(out, { s: 'if', site, test: { a: 'var', name: c }, then: assign, else: [] }, node);
    }
    return tv;
  },

  atomOfExpr(e, out, node) {
    const t = this.ctx.temp();
    this.push(out, { s: 'set', name: t, value: e }, node);
    return { a: 'var', name: t };
  },

  /** x++ / --x: the old value converted with unary + (ToNumber), then stored plus or minus 1. */
  update(node, out, wantValue) {
    const delta = node.operator === '++' ? '+' : '-';
    const arg = node.argument;
    const old = this.ctx.temp();
    const next = this.ctx.temp();
    const oldAtom = { a: 'var', name: old };
    const nextAtom = { a: 'var', name: next };
    if (arg.type === 'Identifier') {
      const target = this.ctx.writeTarget(arg);
      let current = this.ctx.readValue(arg);
      if (!isAtom(current)) current = this.atomOfExpr(current, out, arg); // a shared cell's read
      const toNumber = { e: 'unary', op: '+', arg: current };
      const step = { e: 'binary', op: delta, left: oldAtom, right: { a: 'num', v: 1 } };
      if ((current.a === 'var' || current.a === 'mod') && this.noTypeSites === 0) {
        // One hook records both: the name's type, and number op number (the old value is a number).
        this.typeSite(toNumber, { kind: 'type-update', node, name: arg.name });
        step.site = this.newSite();
        this.hooks[this.hooks.length - 1].step = step.site;
      }
      this.push(out, { s: 'set', name: old, value: toNumber }, node);
      this.push(out, { s: 'set', name: next, value: step }, node);
      this.store(target, nextAtom, out, node);
    } else if (arg.type === 'MemberExpression') {
      const [object, key] = this.memberParts(arg, out);
      const current = this.ctx.temp();
      this.push(out, { s: 'set', name: current, value: this.memberTypeSite({ e: 'get', object, key }, arg) }, arg);
      const toNumber = { e: 'unary', op: '+', arg: { a: 'var', name: current } };
      const step = { e: 'binary', op: delta, left: oldAtom, right: { a: 'num', v: 1 } };
      const peek = peekableMember(arg);
      if (peek && this.noTypeSites === 0) {
        // `o.k++`: the hook peeks o.k (no getter runs) before the update.
        this.typeSite(toNumber, { kind: 'type-update', node, peek });
        step.site = this.newSite();
        this.hooks[this.hooks.length - 1].step = step.site;
      }
      this.push(out, { s: 'set', name: old, value: toNumber }, node);
      this.push(out, { s: 'set', name: next, value: step }, node);
      this.push(out, { s: 'setprop', object, key, value: nextAtom }, node);
    } else {
      throw new Unsupported('update of this target', node);
    }
    if (!wantValue) return undefined;
    return node.prefix ? nextAtom : oldAtom;
  },

  /**
   * Whether `callee` is the own name of a function expression, read in its body or in a function
   * nested in it (any other read stays unknown: scope.js unmodelled).
   */
  selfCallee(callee) {
    if (callee.type !== 'Identifier') return false;
    const binding = this.ctx.lookup(callee.name);
    return binding !== undefined && binding.kind === 'selfname';
  },

  /**
   * `g(…)` in `function g(…) { … }`'s own body: the callee is a new function object of the same
   * id and captures (its own capture locals, which no code writes: the values it was created
   * with; normalize.js fills them in once the body is done). Called directly it runs the same
   * code on the same environment with `this` undefined, as the original does, so only its
   * identity differs, which a direct call cannot observe (trace-ir.md section 5).
   */
  selfCopy(callee, out) {
    const binding = this.ctx.lookup(callee.name);
    const value = { e: 'function', id: binding.fnId };
    const t = this.ctx.temp();
    const set = { s: 'set', name: t, value };
    if (binding.ctx === this.ctx) {
      if (this.ctx.selfValues === undefined) this.ctx.selfValues = [];
      this.ctx.selfValues.push(value);
    } else {
      // In a nested function (`function walk(n) { return n.kids.map((k) => walk(k)); }`): a copy
      // without captures, exact only when the function captures nothing; normalize.js makes
      // the statement unknown otherwise, once the function's captures are known.
      if (binding.ctx.nestedSelfSets === undefined) binding.ctx.nestedSelfSets = [];
      binding.ctx.nestedSelfSets.push(set);
    }
    this.push(out, set, callee);
    return { a: 'var', name: t };
  },

  /**
   * A call: the callee (for `o.m(...)` the property is read before the arguments, and `this` is
   * `o`), the arguments left to right, then the call statement with its site.
   */
  call(node, out, wantValue) {
    const construct = node.type === 'NewExpression';
    const callee = node.callee;
    // `f?.(…)`, `o.m?.(…)`, `p.o?.f?.()`: supported when the call is its chain's only optional
    // call (its decision is recorded around the whole chain, instrument.js; two optional calls
    // would wrap the same chain twice, which is not done yet). Without arguments the mark that
    // the callee was not nullish goes around the call hook's spread (`f?.(...H.de(s,(H.c0(…))))`):
    // a second spread argument would make V8 word "not a function" differently
    // ("Function.prototype.apply was called on …").
    if (node.optional && (!this.chainCtx || optionalCalls(this.chainCtx.node.expression) !== 1)) throw new Unsupported('optional chain with more than one optional call', node);
    if (callee.type === 'Super') throw new Unsupported('super call', node);
    if (callee.type === 'Identifier' && callee.name === 'eval') throw new Unsupported('eval', node);
    if (callee.type === 'Import') throw new Unsupported('import', node);
    // V8 names the callee's source text in "... is not a function"; a hook inside an optional
    // chain would change that text.
    // `x?.m(...)`: supported when the method's link is optional, its key static and no optional
    // call precedes it; the nullish hook then also keeps the receiver for the call hook, which
    // reproduces V8's "x?.m is not a function".
    // Earlier optional member links (`p.u?.name?.trim()`) are kept: the hook around `p.u?.name`
    // ends their short-circuit there, but the method's own `?.` then short-circuits the rest to
    // the same undefined (the extra nullish record is of a site the program does not reach).
    const optionalMethod =
      !construct &&
      callee.type === 'MemberExpression' &&
      callee.optional && !hasOptionalCall(callee.object) && staticMemberKey(callee, true) !== undefined;
    // `p.f?.(1)(2)`: a call of an optional call's value, which the chain's short-circuit skips.
    const optionalCallee = !construct && callee.type === 'CallExpression' && callee.optional;
    if (this.chainCtx && hasOptionalLink(callee) && !optionalMethod && !optionalCallee) throw new Unsupported('call through an optional chain', node);
    this.keepReceiver = optionalMethod ? callee.object : undefined;
    const argNodes = node.arguments.map((a) => (a.type === 'SpreadElement' ? a.argument : a));
    const argsWrite = argNodes.some(mayWrite);
    let calleeAtom;
    let thisAtom = { a: 'undef' };
    if (callee.type === 'MemberExpression') {
      let [object, key] = this.memberParts(callee, out);
      if (argsWrite && this.isMutableAtom(object)) object = this.snapshot(object, out, callee.object);
      const f = this.ctx.temp();
      this.push(out, { s: 'set', name: f, value: { e: 'get', object, key } }, callee);
      calleeAtom = { a: 'var', name: f };
      thisAtom = object;
    } else if (this.selfCallee(callee)) {
      calleeAtom = this.selfCopy(callee, out);
    } else {
      calleeAtom = this.atom(callee, out);
      if (argsWrite && this.isMutableAtom(calleeAtom)) calleeAtom = this.snapshot(calleeAtom, out, callee);
    }
    let optionalSite;
    if (node.optional) {
      // A nullish callee makes the chain undefined, before any argument is evaluated.
      const c = this.ctx.temp();
      this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '==', left: calleeAtom, right: { a: 'null' } } }, callee);
      const ifSite = this.newSite();
      this.hooks.push({ kind: 'optional-call', site: ifSite, node, chain: this.chainCtx.node });
      optionalSite = ifSite;
      const { r, label } = this.chainCtx;
      this.push(out, { s: 'if', site: ifSite, test: { a: 'var', name: c }, then: [{ s: 'set', name: r, value: { a: 'undef' } }, { s: 'break', label }], else: [] }, node);
    }
    const argAtoms = this.atoms(argNodes, out);
    const args = node.arguments.map((a, i) => (a.type === 'SpreadElement' ? { spread: argAtoms[i] } : argAtoms[i]));
    const site = this.newSite();
    const result = wantValue ? this.ctx.temp() : null;
    const statement = { s: 'call', site, result, callee: calleeAtom, this: thisAtom, args };
    if (construct) {
      // `new o.C()` has no receiver: the method read is the callee, `this` the new object.
      statement.this = { a: 'undef' };
      statement.construct = true;
    }
    this.push(out, statement, node);
    this.hooks.push({ kind: 'call', site, node, optionalSite });
    return wantValue ? { a: 'var', name: result } : undefined;
  },
};

/** The key of `o.k`, `o['k']` or `o[0]` as a string; undefined for a computed key or `?.`. */
function staticMemberKey(member, allowOptional = false) {
  if ((member.optional && !allowOptional) || member.property.type === 'PrivateIdentifier') return undefined;
  if (!member.computed) return member.property.name;
  const p = member.property;
  return p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number') ? String(p.value) : undefined;
}

/** How many optional calls (`f?.()`) the spine of a chain's expression has. */
function optionalCalls(node) {
  let n = 0;
  for (let e = node; e && (e.type === 'MemberExpression' || e.type === 'CallExpression'); e = e.type === 'MemberExpression' ? e.object : e.callee) {
    if (e.optional && e.type === 'CallExpression') n++;
  }
  return n;
}

/** Whether the spine of `node` has an optional call. */
function hasOptionalCall(node) {
  return optionalCalls(node) > 0;
}

function hasOptionalLink(node) {
  for (let n = node; n && (n.type === 'MemberExpression' || n.type === 'CallExpression'); n = n.type === 'MemberExpression' ? n.object : n.callee) {
    if (n.optional) return true;
  }
  return false;
}

/** {object, key} of `name.key` (a static key), which a hook can peek; undefined otherwise. */
function peekableMember(member) {
  if (member.optional || member.object.type !== 'Identifier') return undefined;
  const key = staticMemberKey(member);
  return key === undefined ? undefined : { object: member.object.name, key };
}

function propertyName(key) {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  throw new Unsupported('property key', key);
}

module.exports = { methods, mayWrite, isAtom };
