// The normalizer's shared cells (mixed into Normalizer): where the box of a binding that closures share is made, and its declarations (docs/trace-ir.md section 4.2).
'use strict';

const { freeNames, cellGet, isSelfInit } = require('./scope');
const { patternNames } = require('./syntax');

// Which bindings are cells, and their reads, writes and captures, are scope.js's (declare,
// readValue, writeTarget, capture); expressions.js store() writes a cell target.

/** The box of a shared cell holding `atom`: a fresh one-property object no user code can reach. */
function cellBox(atom) {
  return { e: 'object', props: [{ key: 'v', value: atom }] };
}

module.exports = {
  /**
   * At a function's entry, after its parameter prologue: a box `{v: undefined}` for each var
   * that is a shared cell, and `{v: p}` for each such parameter, in a new local that its reads
   * and writes use from now on.
   */
  cellPrologue(out) {
    const ctx = this.ctx;
    for (const binding of ctx.scopes[0].values()) {
      if (binding.kind === 'var' && binding.cell !== undefined && !binding.boxed) {
        binding.boxed = true;
        out.push({ s: 'set', name: binding.cell, value: cellBox({ a: 'undef' }) });
      } else if (binding.kind === 'param' && binding.pendingCell && binding.cell === undefined) {
        const box = ctx.claim(binding.name);
        out.push({ s: 'set', name: box, value: cellBox({ a: 'var', name: binding.unique }) });
        binding.cell = box;
      }
    }
  },

  /**
   * At a scope's entry: `{v: undefined}` for each let or const cell of statement list `list` that
   * a function declaration of the list names, since the declaration is created now, before the
   * binding's declaration runs (which then stores into this box; scope.js captureRefusal says
   * when the declaration may capture it).
   */
  earlyBoxes(list, out) {
    const ctx = this.ctx;
    const named = new Set();
    for (const node of list) if (node.type === 'FunctionDeclaration') for (const name of freeNames(node)) named.add(name);
    if (named.size === 0) return;
    const scope = ctx.scopes[ctx.scopes.length - 1];
    for (const node of list) {
      if (node.type !== 'VariableDeclaration' || node.kind === 'var') continue;
      for (const d of node.declarations) {
        for (const id of patternNames(d.id)) {
          const binding = scope.get(id.name);
          if (!binding || binding.cell === undefined || binding.early || !named.has(id.name)) continue;
          binding.early = true;
          out.push({ s: 'set', name: binding.cell, value: cellBox({ a: 'undef' }) });
        }
      }
    }
  },

  /**
   * The declaration (or per-iteration binding) of a cell of this function: a let's or const's
   * makes a new box each time it runs (a let in a loop body is a new binding per iteration),
   * unless its box was made early; a var's, a parameter's or an early one's stores into its box.
   * A function initializer naming its own binding gets its (new) box before it is created.
   */
  bindCell(binding, value, out, node) {
    if (isSelfInit(binding) && !binding.early) {
      // `const walk = (n) => … walk(c) …`: the box first, so that the function captures it.
      this.push(out, { s: 'set', name: binding.cell, value: cellBox({ a: 'undef' }) }, node);
      const fnAtom = value && typeof value.a === 'string' ? value : this.atomOfExpr(value, out, node);
      this.push(out, { s: 'setprop', object: { a: 'var', name: binding.cell }, key: { a: 'str', v: 'v' }, value: fnAtom }, node);
      return;
    }
    const atom = value && typeof value.a === 'string' ? value : this.atomOfExpr(value, out, node);
    if ((binding.kind === 'let' || binding.kind === 'const') && !binding.early) this.push(out, { s: 'set', name: binding.cell, value: cellBox(atom) }, node);
    else this.push(out, { s: 'setprop', object: { a: 'var', name: binding.cell }, key: { a: 'str', v: 'v' }, value: atom }, node);
  },

  /**
   * `for (let i = …; …; update)`: each cell the declaration binds gets a new box holding its
   * current value after the initialization and before each update, as JavaScript's
   * CreatePerIterationEnvironment copies the bindings, so a closure made in one iteration keeps
   * that iteration's binding while the update writes the next one. (A for without an update has
   * no place for the copy that `continue` goes through: its variables are never cells, scope.js
   * isCellName.)
   */
  perIterationCopy(loop, out) {
    const init = loop.init;
    if (!loop.update || !init || init.type !== 'VariableDeclaration' || init.kind === 'var') return;
    for (const d of init.declarations) {
      for (const id of patternNames(d.id)) {
        const binding = this.ctx.lookup(id.name);
        if (!binding || binding.cell === undefined || binding.ctx !== this.ctx) continue;
        const t = this.ctx.temp();
        this.push(out, { s: 'set', name: t, value: cellGet(binding.cell) }, loop);
        this.push(out, { s: 'set', name: binding.cell, value: cellBox({ a: 'var', name: t }) }, loop);
      }
    }
  },

  /** A catch parameter that is a cell: the thrown value arrives in a temporary (returned), boxed first in `handler`. */
  boxCatchParameter(binding, handler, node) {
    const param = this.ctx.temp();
    this.push(handler, { s: 'set', name: binding.cell, value: cellBox({ a: 'var', name: param }) }, node);
    return param;
  },
};
