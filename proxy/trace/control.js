// The normalizer's control flow (mixed into Normalizer): loops, labels, break/continue, switch and for...of as `loop`, `block` and `if`.
'use strict';

const { Unsupported } = require('./scope');
const { mayWrite } = require('./expressions');
const { notIterableMessage, patternNames } = require('./syntax');

/** Whether a block declares `name` itself (let, const, class or function at its top). */
function blockDeclares(block, name) {
  for (const s of block.body) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var' && s.declarations.some((d) => JSON.stringify(d.id).includes(`"name":"${name}"`))) return true;
    if ((s.type === 'ClassDeclaration' || s.type === 'FunctionDeclaration') && s.id && s.id.name === name) return true;
  }
  return false;
}

module.exports = {
  /**
   * while/for/do-while as `loop` (trace-ir.md section 5): the test is an `if` whose `else` breaks;
   * `continue` in a for or do-while goes to the end of a `block` holding the body.
   */
  loop(node, out, labels) {
    const ctx = this.ctx;
    const loopLabel = this.newLabel('L');
    const needsBlock = node.type === 'DoWhileStatement' || (node.type === 'ForStatement' && node.update);
    const blockLabel = needsBlock ? this.newLabel('C') : undefined;
    const jump = {
      labels,
      breakLabel: loopLabel,
      continueStmt: needsBlock ? { s: 'break', label: blockLabel } : { s: 'continue', label: loopLabel },
      isLoop: true,
    };
    const isFor = node.type === 'ForStatement';
    if (isFor) ctx.pushScope();
    try {
      if (isFor && node.init) {
        if (node.init.type === 'VariableDeclaration') {
          this.hoist([node.init], out, false);
          this.variableDeclaration(node.init, out);
          this.perIterationCopy(node, out); // shared cells only (cells.js)
        } else {
          this.effect(node.init, out);
        }
      }
      const body = [];
      const testPart = [];
      if (node.test) {
        const test = this.atom(node.test, testPart);
        const site = this.testHook(node.test);
        this.push(testPart, { s: 'if', site, test, then: [], else: [{ s: 'break', label: loopLabel }] }, node.test);
      }
      ctx.jumps.push(jump);
      let inner;
      try {
        inner = this.block(node.body);
      } finally {
        ctx.jumps.pop();
      }
      if (node.type !== 'DoWhileStatement') body.push(...testPart);
      if (needsBlock) this.push(body, { s: 'block', label: blockLabel, body: inner }, node.body);
      else body.push(...inner);
      if (node.type === 'DoWhileStatement') body.push(...testPart);
      if (isFor && node.update) {
        this.perIterationCopy(node, body); // shared cells only (cells.js)
        this.effect(node.update, body);
      }
      this.push(out, { s: 'loop', label: loopLabel, body }, node);
    } finally {
      if (isFor) ctx.popScope();
    }
  },

  labeled(node, out, labels) {
    const all = [...labels, node.label.name];
    const body = node.body;
    if (/^(While|DoWhile|For|ForIn|ForOf)Statement$/.test(body.type) || body.type === 'LabeledStatement') {
      this.statementInner(body, out, all);
      return;
    }
    const label = this.newLabel('B');
    this.ctx.jumps.push({ labels: all, breakLabel: label, isLoop: false });
    let inner;
    try {
      inner = this.block(body);
    } finally {
      this.ctx.jumps.pop();
    }
    this.push(out, { s: 'block', label, body: inner }, node);
  },

  jump(node) {
    const jumps = this.ctx.jumps;
    const isBreak = node.type === 'BreakStatement';
    for (let i = jumps.length - 1; i >= 0; i--) {
      const j = jumps[i];
      const matches = node.label ? j.labels.includes(node.label.name) : j.isLoop || (isBreak && j.isSwitch);
      if (!matches) continue;
      if (isBreak) {
        if (j.forIn !== undefined) this.hooks.push({ kind: 'forin-break', node, site: j.forIn }); // the loop's end is not its completion
        return { s: 'break', label: j.breakLabel };
      }
      if (!j.isLoop) break;
      return { ...j.continueStmt };
    }
    throw new Unsupported(`${isBreak ? 'break' : 'continue'} target`, node);
  },

  /**
   * switch as nested blocks, one per clause, innermost holding the dispatch: the case tests in
   * order, each `===` an `if` whose `then` breaks out of its clause's block, so that execution
   * goes on with that clause's statements and falls through the following ones; no match breaks
   * to the default clause's block, or out. `break` leaves the outer block. Case tests may not
   * call anything (the hook compares them with the discriminant it kept).
   */
  switchStatement(node, out, labels) {
    const ctx = this.ctx;
    for (const c of node.cases) {
      if (c.test && mayWrite(c.test)) throw new Unsupported('switch case test with a call or assignment', c.test);
    }
    let d = this.atom(node.discriminant, out);
    if (this.isMutableAtom(d)) d = this.snapshot(d, out, node.discriminant);
    this.hooks.push({ kind: 'switch', node: node.discriminant });
    const exit = this.newLabel('B');
    const clauseLabels = node.cases.map(() => this.newLabel('C'));
    const dispatch = [];
    node.cases.forEach((c, i) => {
      if (!c.test) return;
      const value = this.atom(c.test, dispatch);
      const t = ctx.temp();
      this.push(dispatch, { s: 'set', name: t, value: { e: 'binary', op: '===', left: d, right: value } }, c.test);
      const site = this.newSite();
      this.hooks.push({ kind: 'case', site, node: c.test });
      this.push(dispatch, { s: 'if', site, test: { a: 'var', name: t }, then: [{ s: 'break', label: clauseLabels[i] }], else: [] }, c);
    });
    const defaultIndex = node.cases.findIndex((c) => !c.test);
    dispatch.push({ s: 'break', label: defaultIndex >= 0 ? clauseLabels[defaultIndex] : exit });
    ctx.pushScope();
    ctx.jumps.push({ labels, breakLabel: exit, isLoop: false, isSwitch: true });
    try {
      const hoisted = [];
      this.hoist(node.cases.flatMap((c) => c.consequent), hoisted, false);
      let inner = dispatch;
      node.cases.forEach((c, i) => {
        const block = { s: 'block', label: clauseLabels[i], body: inner };
        inner = [block];
        this.statements(c.consequent, inner);
      });
      this.push(out, { s: 'block', label: exit, body: [...hoisted, ...inner] }, node);
    } finally {
      ctx.jumps.pop();
      ctx.popScope();
    }
  },

  /**
   * for...of over an array, as the array iterator runs it: `Array.isArray` is called (a call
   * site), an `if` on it keeps the array path (anything else is unknown: strings, Maps and
   * generators iterate differently), then an index loop whose test is `i < a.length`.
   */
  forOf(node, out, labels) {
    if (node.await) throw new Unsupported('for await...of', node);
    const ctx = this.ctx;
    ctx.pushScope();
    try {
      let assign;
      let elementSites; // [callSite, ifSite] of an array pattern's Array.isArray check per element
      let patternHook; // the decisions of another pattern, recorded at the start of the body
      if (node.left.type === 'VariableDeclaration') {
        const d = node.left.declarations[0];
        const declare = (id) => {
          if (node.left.kind !== 'var') ctx.declare(id.name, node.left.kind, node.right.end);
          return ctx.lookup(id.name);
        };
        if (d.id.type === 'Identifier') {
          const binding = declare(d.id);
          assign = (value, body) => this.assignBinding(binding, value, body, d);
        } else if (d.id.type === 'ArrayPattern' && d.id.elements.every((e) => e === null || e.type === 'Identifier')) {
          // `for (const [k, v] of Object.entries(o))`: each element is destructured by index
          // behind its own Array.isArray check (the recording iterator records both).
          const bindings = d.id.elements.map((e) => (e ? declare(e) : null));
          elementSites = [this.newSite(), this.newSite()];
          assign = (value, body) => this.arrayElements(bindings, value, body, elementSites, d);
        } else {
          // Any other pattern (object, nested, defaults, rest: normalize.js destructure). Its
          // decisions are recorded at the start of the body, where the binding has happened.
          for (const id of patternNames(d.id)) declare(id);
          const defaults = [];
          assign = (value, body) => this.destructure(d.id, value, body, d, defaults);
          patternHook = { kind: 'pattern-body', node: node.body, defaults };
        }
      } else if (node.left.type === 'Identifier') {
        const target = ctx.writeTarget(node.left);
        assign = (value, body) => this.store(target, value, body, node.left);
      } else {
        throw new Unsupported('for...of target', node.left);
      }
      // The hook wraps the iterable, so its "... is not iterable" TypeError is thrown by the hook,
      // with V8's wording for the original expression: only expressions whose wording is known.
      const notIterable = notIterableMessage(node.right);
      if (notIterable === undefined) throw new Unsupported('for...of over an expression other than a name, property or call of those', node.right);
      let array = this.atom(node.right, out);
      if (this.isMutableAtom(array)) array = this.snapshot(array, out, node.right);
      const [callSite, ifSite, loopSite] = [this.newSite(), this.newSite(), this.newSite()];
      this.hooks.push({ kind: 'forof', sites: [callSite, ifSite, loopSite], node: node.right, notIterable, elementSites });
      const isArray = ctx.temp();
      const f = ctx.temp();
      const i = ctx.temp();
      const len = ctx.temp();
      const more = ctx.temp();
      const item = ctx.temp();
      const loopLabel = this.newLabel('L');
      const blockLabel = this.newLabel('C');
      this.push(out, { s: 'set', name: f, value: { e: 'get', object: { a: 'global', name: 'Array' }, key: { a: 'str', v: 'isArray' } } }, node.right);
      this.push(out, { s: 'call', site: callSite, result: isArray, callee: { a: 'var', name: f }, this: { a: 'global', name: 'Array' }, args: [array] }, node.right);
      const iv = { a: 'var', name: i };
      const loopBody = [];
      this.push(loopBody, { s: 'set', name: len, value: { e: 'get', object: array, key: { a: 'str', v: 'length' } } }, node.right);
      this.push(loopBody, { s: 'set', name: more, value: { e: 'binary', op: '<', left: iv, right: { a: 'var', name: len } } }, node.right);
      this.push(loopBody, { s: 'if', site: loopSite, test: { a: 'var', name: more }, then: [], else: [{ s: 'break', label: loopLabel }] }, node.right);
      this.push(loopBody, { s: 'set', name: item, value: { e: 'get', object: array, key: iv } }, node.left);
      assign({ a: 'var', name: item }, loopBody);
      if (patternHook && patternHook.defaults.length > 0) this.hooks.push(patternHook);
      ctx.jumps.push({ labels, breakLabel: loopLabel, continueStmt: { s: 'break', label: blockLabel }, isLoop: true });
      let inner;
      try {
        inner = this.block(node.body);
      } finally {
        ctx.jumps.pop();
      }
      this.push(loopBody, { s: 'block', label: blockLabel, body: inner }, node.body);
      this.push(loopBody, { s: 'set', name: i, value: { e: 'binary', op: '+', left: iv, right: { a: 'num', v: 1 } } }, node);
      const then = [];
      this.push(then, { s: 'set', name: i, value: { a: 'num', v: 0 } }, node);
      this.push(then, { s: 'loop', label: loopLabel, body: loopBody }, node);
      this.push(out, { s: 'if', site: ifSite, test: { a: 'var', name: isArray }, then, else: [this.unknown('for...of over a value that is not an array', node.right)] }, node);
    } finally {
      ctx.popScope();
    }
  },

  /**
   * for...in over an object whose prototype is Object.prototype, Array.prototype or null (so no
   * inherited key is enumerable): `Object.keys` (own enumerable string keys, in the order
   * for...in visits them), then an index loop that skips a key no longer `in` the object, as
   * for...in does for a key deleted before its turn (keys added meanwhile are not visited,
   * either way). null and undefined iterate nothing; any other prototype is unknown.
   */
  forIn(node, out, labels) {
    const ctx = this.ctx;
    // The hooks: one around the object, one at the start of the body (it reads the loop
    // variable), one after the statement (the loop's end) and one before each break of it.
    const after = this.listStatement; // the statement the loop's end hook follows (its label's)
    let top = after;
    while (top && top.type === 'LabeledStatement') top = top.body;
    if (top !== node) throw new Unsupported('for...in that is not a statement of a block', node);
    ctx.pushScope();
    try {
      let assign;
      let name;
      if (node.left.type === 'VariableDeclaration' && node.left.declarations[0].id.type === 'Identifier' && !node.left.declarations[0].init) {
        const d = node.left.declarations[0];
        if (node.left.kind !== 'var') ctx.declare(d.id.name, node.left.kind, node.right.end);
        const binding = ctx.lookup(d.id.name);
        name = d.id.name;
        assign = (value, body) => this.assignBinding(binding, value, body, d);
      } else if (node.left.type === 'Identifier') {
        const target = ctx.writeTarget(node.left);
        name = node.left.name;
        assign = (value, body) => this.store(target, value, body, node.left);
      } else {
        throw new Unsupported('for...in target', node.left);
      }
      if (node.body.type === 'BlockStatement' && blockDeclares(node.body, name)) throw new Unsupported('for...in whose body declares its variable again', node.body);
      let object = this.atom(node.right, out);
      if (this.isMutableAtom(object)) object = this.snapshot(object, out, node.right);
      const sites = { nullish: this.newSite(), proto: this.newSite(), isObject: this.newSite(), isArray: this.newSite(), isNull: this.newSite(), keys: this.newSite(), more: this.newSite(), has: this.newSite() };
      const loopLabel = this.newLabel('L');
      const g = (object0, key) => ({ e: 'get', object: object0, key: { a: 'str', v: key } });
      const t = () => ctx.temp();
      const v = (n) => ({ a: 'var', name: n });
      const c = t();
      this.push(out, { s: 'set', name: c, value: { e: 'binary', op: '==', left: object, right: { a: 'null' } } }, node.right);
      const rest = [];
      const [gpf, proto, op, isObj, ap, isArr, isNull, kf, keys, i, n, more, k0, has] = Array.from({ length: 14 }, t);
      this.push(rest, { s: 'set', name: gpf, value: g({ a: 'global', name: 'Object' }, 'getPrototypeOf') }, node.right);
      this.push(rest, { s: 'call', site: sites.proto, result: proto, callee: v(gpf), this: { a: 'global', name: 'Object' }, args: [object] }, node.right);
      this.push(rest, { s: 'set', name: op, value: g({ a: 'global', name: 'Object' }, 'prototype') }, node.right);
      this.push(rest, { s: 'set', name: isObj, value: { e: 'binary', op: '===', left: v(proto), right: v(op) } }, node.right);
      this.push(rest, { s: 'set', name: ap, value: g({ a: 'global', name: 'Array' }, 'prototype') }, node.right);
      this.push(rest, { s: 'set', name: isArr, value: { e: 'binary', op: '===', left: v(proto), right: v(ap) } }, node.right);
      this.push(rest, { s: 'set', name: isNull, value: { e: 'binary', op: '===', left: v(proto), right: { a: 'null' } } }, node.right);
      const other = [this.unknown('for...in over a value whose prototype is not Object.prototype, Array.prototype or null', node.right)];
      const nullCheck = { s: 'if', site: sites.isNull, test: v(isNull), then: [], else: other };
      const arrayCheck = { s: 'if', site: sites.isArray, test: v(isArr), then: [], else: [nullCheck] };
      this.push(rest, { s: 'if', site: sites.isObject, test: v(isObj), then: [], else: [arrayCheck] }, node.right);
      this.push(rest, { s: 'set', name: kf, value: g({ a: 'global', name: 'Object' }, 'keys') }, node.right);
      this.push(rest, { s: 'call', site: sites.keys, result: keys, callee: v(kf), this: { a: 'global', name: 'Object' }, args: [object] }, node.right);
      this.push(rest, { s: 'set', name: i, value: { a: 'num', v: 0 } }, node);
      const loopBody = [];
      this.push(loopBody, { s: 'set', name: n, value: g(v(keys), 'length') }, node.right);
      this.push(loopBody, { s: 'set', name: more, value: { e: 'binary', op: '<', left: v(i), right: v(n) } }, node.right);
      this.push(loopBody, { s: 'if', site: sites.more, test: v(more), then: [], else: [{ s: 'break', label: loopLabel }] }, node.right);
      this.push(loopBody, { s: 'set', name: k0, value: { e: 'get', object: v(keys), key: v(i) } }, node.left);
      this.push(loopBody, { s: 'set', name: i, value: { e: 'binary', op: '+', left: v(i), right: { a: 'num', v: 1 } } }, node);
      this.push(loopBody, { s: 'set', name: has, value: { e: 'binary', op: 'in', left: v(k0), right: object } }, node.right);
      const visit = [];
      assign(v(k0), visit);
      const jump = { labels, breakLabel: loopLabel, continueStmt: { s: 'continue', label: loopLabel }, isLoop: true, forIn: sites.more };
      ctx.jumps.push(jump);
      try {
        visit.push(...this.block(node.body));
      } finally {
        ctx.jumps.pop();
      }
      this.push(loopBody, { s: 'if', site: sites.has, test: v(has), then: visit, else: [] }, node.body);
      this.push(rest, { s: 'loop', label: loopLabel, body: loopBody }, node);
      this.push(out, { s: 'if', site: sites.nullish, test: v(c), then: [], else: rest }, node);
      this.hooks.push({ kind: 'forin', node, sites, name, after });
    } finally {
      ctx.popScope();
    }
  },

  /** `Array.isArray(value)` as a call statement at `site`, into a new temporary; returns its atom. */
  isArrayCall(value, site, out, node) {
    const f = this.ctx.temp();
    const r = this.ctx.temp();
    this.push(out, { s: 'set', name: f, value: { e: 'get', object: { a: 'global', name: 'Array' }, key: { a: 'str', v: 'isArray' } } }, node);
    this.push(out, { s: 'call', site, result: r, callee: { a: 'var', name: f }, this: { a: 'global', name: 'Array' }, args: [value] }, node);
    return { a: 'var', name: r };
  },

  /**
   * `const [x, , y] = e` (names and holes only), as for...of's array pattern: `Array.isArray(e)`
   * (a call site) and an `if` whose `then` reads each name by index and whose `else` is unknown
   * (iterating anything else is not an index loop). The hook around `e` records both and, for a
   * value that is not iterable, throws V8's own TypeError, which names the value.
   */
  arrayDeclaration(d, out) {
    let value = this.atom(d.init, out);
    // `var [a, b] = a`: the names are assigned one after the other, the value read each time.
    if (this.isMutableAtom(value)) value = this.snapshot(value, out, d.init);
    const bindings = d.id.elements.map((e) => (e ? this.ctx.lookup(e.name) : null));
    const sites = [this.newSite(), this.newSite()];
    this.arrayElements(bindings, value, out, sites, d);
    this.hooks.push({ kind: 'array-pattern', sites, node: d.init });
  },

  /** An array pattern's names from `value` by index, behind an Array.isArray check. */
  arrayElements(bindings, value, out, [callSite, ifSite], node) {
    const test = this.isArrayCall(value, callSite, out, node);
    const then = [];
    bindings.forEach((binding, i) => {
      if (!binding) return;
      const t = this.ctx.temp();
      this.push(then, { s: 'set', name: t, value: { e: 'get', object: value, key: { a: 'num', v: i } } }, node);
      this.assignBinding(binding, { a: 'var', name: t }, then, node);
    });
    const otherwise = [this.unknown('array destructuring of a value that is not an array', node)];
    this.push(out, { s: 'if', site: ifSite, test, then, else: otherwise }, node);
  },
};
