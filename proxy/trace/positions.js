// Error stacks of an instrumented action show the original code's columns: frames in its script are mapped back through the hooks' insertions.
'use strict';

const crypto = require('node:crypto');
const acorn = require('acorn');
const { PARSE_OPTIONS } = require('./normalize');
const { lastPositioned, nestedDefaultMark, destructuringMessage, iteratedSpreadForm } = require('./syntax');

/**
 * The text proxy/evaluate.js evaluates around an action's code. A frame's script is recognised by
 * its hash (CallSite getScriptHash, SHA-256 of the script's source), so this must be evaluate.js's
 * text exactly (tests/trace/stacks.test.js fails otherwise: no frame would be mapped).
 */
function scriptSource(code, main) {
  return `(function(){\n${code}\ntry {\n  return ${main}\n} catch (e) {\n  if (e.name === 'ReferenceError') return module.exports.${main} || exports.${main}\n  throw e\n}\n})()`;
}
const PREFIX_LINES = 1; // `(function(){\n`

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Where each line starts, with V8's line terminators (a CR alone, U+2028 and U+2029 end lines too). */
function lineStarts(text) {
  const starts = [0];
  const terminator = /\r\n?|[\n\u2028\u2029]/g;
  for (let m = terminator.exec(text); m !== null; m = terminator.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * Instrumented (line, column) of the evaluated script → the original's. Lines are the same (the
 * instrumenter never inserts a newline); a column inside inserted text maps to where the text was
 * inserted.
 */
class PositionMap {
  /** `insertions`: instrument()'s list, {pos, at, length} in order. */
  constructor(original, instrumented, insertions, main) {
    this.originalStarts = lineStarts(original);
    this.instrumentedStarts = lineStarts(instrumented);
    this.insertions = insertions;
    this.hash = sha256(scriptSource(instrumented, main));
    this.originalHash = sha256(scriptSource(original, main));
    this.codeLength = instrumented.length;
    this.original = original;
    this.instrumented = instrumented; // which hook an insertion calls (aliasOf)
    this.aliases = undefined; // built at the first frame mapped
  }

  /**
   * V8 places a property read `o.k` at `k`, but at the `.` when the chain starts with a call
   * (`f(x).o.k`). A hook around `o` (`H.tk(site,(o)).k`) makes such a call: the `.` of a chain that
   * did not start with a call is then the original's `k`. Offsets, original → original.
   */
  aliasOf(offset, insideInserted, typeHook) {
    if (this.aliases === undefined) {
      this.aliases = new Map();
      this.insertedAliases = new Map();
      this.typeHookAliases = new Map();
      try {
        collectAliases(acorn.parse(this.original, PARSE_OPTIONS), this.original, this.aliases, this.insertedAliases, this.typeHookAliases);
      } catch {
        // The instrumenter parsed it: cannot happen; without aliases the columns are only nearer.
      }
    }
    const alias = (!insideInserted ? this.aliases : typeHook && this.typeHookAliases.has(offset) ? this.typeHookAliases : this.insertedAliases).get(offset);
    return alias === undefined ? offset : alias;
  }

  /** The original column (1-based) of script position (line, column), or undefined outside the code. */
  column(line, column) {
    const codeLine = line - 1 - PREFIX_LINES;
    if (!(codeLine >= 0 && codeLine < this.instrumentedStarts.length) || !(column >= 1)) return undefined;
    const offset = this.instrumentedStarts[codeLine] + column - 1;
    if (offset > this.codeLength) return undefined;
    let original = offset;
    let insideInserted = false;
    let typeHook = false;
    // The last insertion at or before `offset` decides (binary search).
    let lo = 0;
    let hi = this.insertions.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.insertions[mid].at <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found >= 0) {
      const ins = this.insertions[found];
      insideInserted = offset < ins.at + ins.length;
      typeHook = insideInserted && TYPE_HOOK.test(this.instrumented.slice(ins.at, ins.at + 16));
      original = insideInserted ? ins.pos : ins.pos + (offset - ins.at - ins.length);
    }
    const start = this.originalStarts[codeLine];
    const next = codeLine + 1 < this.originalStarts.length ? this.originalStarts[codeLine + 1] : Infinity;
    if (original < start || original >= next) return undefined; // never across lines: a bug, leave the frame as is
    const mapped = this.aliasOf(original, insideInserted, typeHook);
    return mapped >= start && mapped < next ? mapped - start + 1 : original - start + 1;
  }
}

/** The text of an operand-type hook's insertion (instrument.js: tl, tr, tk, tu, tc, ta; applyEdits may put a space first). */
const TYPE_HOOK = /^ ?__cl\$h\.t[lrkuca]\(/;

/** The head of a member chain: `f` of `f(x).a.b`, `x` of `x.a[0].b`. */
function chainHead(node) {
  let n = node;
  for (;;) {
    if (n.type === 'MemberExpression') n = n.object;
    else if (n.type === 'ChainExpression') n = n.expression;
    else return n;
  }
}

/**
 * Whether a member chain has an optional link below this point (`a?.b` and `a.b?.c` of
 * `a?.b.c.d`): V8 places the reads after it at their `.` already, as after a call (finding H12-12).
 */
function afterOptionalLink(node) {
  for (let n = node; ; ) {
    if (n.type === 'MemberExpression') {
      if (n.optional) return true;
      n = n.object;
    } else if (n.type === 'CallExpression') {
      if (n.optional) return true;
      n = n.callee;
    } else {
      return false;
    }
  }
}

/** Where V8 places an error about the value of `node` (the `k` of `o.k`, the `[` of `o[k]`), when known. */
function v8Position(node, source) {
  if (node.type === 'Identifier') return node.start;
  if (node.type === 'MemberExpression' && !node.optional) {
    if (!node.computed) return node.property.start;
    const bracket = source.indexOf('[', node.object.end);
    return bracket >= 0 && bracket < node.property.start ? bracket : undefined;
  }
  return undefined;
}

/** Where V8 places for...of's "is not iterable": the iterable's position, or over a decision its last property read or call. */
function forOfPosition(node, source) {
  // A call's "… is not a function or its return value is not iterable": at its callee's name.
  if (node.type === 'CallExpression' && !node.optional) return node.callee.type === 'Identifier' ? node.callee.start : v8Position(node.callee, source);
  if (node.type !== 'LogicalExpression' && node.type !== 'ConditionalExpression') return v8Position(node, source);
  const last = lastPositioned(node, source);
  return last === undefined ? undefined : last.pos;
}

/**
 * Where V8 places "x is not iterable" of an array literal's spread of `node`: as for...of for a name
 * or a property; a conditional at its test; `a || b` and `a && b` at the operator, `a ?? b` at
 * `b`; a chain of one operator (`a || b || c`, one n-ary operation to V8) at its first operand.
 */
function spreadPosition(node, source) {
  if (node.type === 'ConditionalExpression') return node.test.start;
  if (node.type !== 'LogicalExpression') return v8Position(node, source);
  const left = node.left;
  if (left.type === 'LogicalExpression' && left.operator === node.operator && left.start === node.start) {
    let first = left;
    while (first.type === 'LogicalExpression' && first.operator === node.operator && first.start === node.start) first = first.left;
    return v8Position(first, source);
  }
  if (node.operator === '??') return node.right.start;
  const at = source.indexOf(node.operator, left.end);
  return at >= 0 && at < node.right.start ? at : undefined;
}

/**
 * Where V8 places a call's own errors (a spread argument not iterable): a `new` at `new`, a call
 * of a name at the name, of a property `o.k` (optional chain too) at `k`, an optional call and
 * any other callee at the `(` of its arguments.
 */
function callPosition(node, source) {
  if (node.type === 'NewExpression') return node.start;
  const callee = node.callee;
  if (callee.type === 'Identifier' && !node.optional) return callee.start;
  if (callee.type === 'MemberExpression' && !callee.computed && !node.optional) return callee.property.start;
  const open = source.indexOf('(', callee.end);
  return open >= 0 ? open : undefined;
}

const LOGICAL_OR_PLAIN = new Set(['=', '||=', '&&=', '??=']);

/**
 * The last source position V8 records evaluating `nodes` in order: a name or `this` at itself, a
 * property read at its key (at its `.` after a call or an optional link in its chain, at the `[`
 * when computed), a call where V8 places it, a binary operation at its operator; null when they
 * record none (literals); undefined when unsure (anything else: no alias then).
 */
function lastRecorded(nodes, source) {
  let last = null;
  const visit = (n) => {
    switch (n.type) {
      case 'Literal':
        return true;
      case 'Identifier':
      case 'ThisExpression':
        last = n.start;
        return true;
      case 'TemplateLiteral':
        return n.expressions.every(visit);
      case 'BinaryExpression': {
        if (n.left.type === 'PrivateIdentifier' || !visit(n.left) || !visit(n.right)) return false;
        const at = source.indexOf(n.operator, n.left.end);
        if (at < 0 || at >= n.right.start) return false;
        last = at;
        return true;
      }
      case 'MemberExpression': {
        if (n.optional || n.object.type === 'Super' || n.property.type === 'PrivateIdentifier' || !visit(n.object)) return false;
        if (n.computed) {
          if (!visit(n.property)) return false;
          last = source.indexOf('[', n.object.end);
        } else {
          last = chainHead(n.object).type === 'CallExpression' || afterOptionalLink(n.object) ? source.indexOf('.', n.object.end) : n.property.start;
        }
        return last >= 0;
      }
      case 'CallExpression': {
        if (n.optional || n.callee.type === 'Super' || !visit(n.callee)) return false;
        for (const a of n.arguments) if (a.type === 'SpreadElement' || !visit(a)) return false;
        last = callPosition(n, source);
        return last !== undefined;
      }
      default:
        return false;
    }
  };
  for (const n of nodes) if (!visit(n)) return undefined;
  return last;
}

/** The parameters with a default collectAliases met, each to the offset of its function's `(`. */
const PARAMETERS = new WeakMap();

/**
 * `aliases`: original offsets V8 reports differently once hooks are in (see aliasOf).
 * `inserted`: where a hook that throws V8's own TypeError is called (the position maps to where
 * its text was inserted) → where V8 places that error without hooks: a method of a call's result
 * that is not callable (H.cr, on the last argument or before the `)`), for...of and an array
 * spread of something not iterable (H.fo, H.sp, at the iterable).
 * `typed`: as `inserted`, for a position inside an operand-type hook's call (see below).
 */
function collectAliases(node, source, aliases, inserted, typed) {
  if (!node || typeof node.type !== 'string') return;
  if (node.type === 'MemberExpression' && !node.computed && !node.optional && chainHead(node.object).type !== 'CallExpression' && !afterOptionalLink(node.object)) {
    for (let i = node.object.end; i < node.property.start; i++) aliases.set(i, node.property.start);
  }
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed) {
    const last = node.arguments[node.arguments.length - 1];
    const at = last === undefined ? node.end - 1 : last.type === 'SpreadElement' ? last.argument.start : last.start;
    // An optional call `o?.m?.(x)` V8 places at its argument list, after the `?.`.
    inserted.set(at, node.optional ? source.indexOf('(', node.callee.end) : node.callee.property.start);
  }
  // A last spread argument that is null or undefined: H.nx, around it, throws the TypeError V8
  // places at the call (instrument.js callEdits; finding H12-13).
  if ((node.type === 'CallExpression' || node.type === 'NewExpression') && node.arguments.length > 0) {
    const last = node.arguments[node.arguments.length - 1];
    // After another spread, H.ns throws the TypeError V8 places inside the argument (syntax.js
    // iteratedSpreadForm; finding H12-17).
    const iterated = last.type === 'SpreadElement' && node.arguments.slice(0, -1).some((a) => a.type === 'SpreadElement') ? iteratedSpreadForm(last.argument, source) : undefined;
    const at = iterated !== undefined ? iterated.at : last.type === 'SpreadElement' ? callPosition(node, source) : undefined;
    if (at !== undefined) inserted.set(last.argument.start, at);
  }
  // A compound assignment or update of a property (`o.k += 1`, `o[k]++`) reads it without a
  // position of its own: V8 places a TypeError there at the last position it recorded, in `o`
  // (or `k`), which the operand-type hooks around them (H.tk, H.tl/H.tr, H.tc) move into their
  // calls (finding H12-14).
  const target = node.type === 'UpdateExpression' ? node.argument : node.type === 'AssignmentExpression' && !LOGICAL_OR_PLAIN.has(node.operator) ? node.left : undefined;
  if (target && target.type === 'MemberExpression' && !target.optional && target.property.type !== 'PrivateIdentifier') {
    const parts = target.computed ? [target.object, target.property] : [target.object];
    const at = lastRecorded(parts, source);
    if (typeof at === 'number') for (const part of parts) typed.set(part.start, at);
  }
  // An object pattern's value holding a decision: H.nx around it throws the TypeError V8 places
  // in the pattern (syntax.js destructuringMessage).
  const pair = node.type === 'AssignmentExpression' ? [node.left, node.right] : node.type === 'VariableDeclarator' ? [node.id, node.init] : undefined;
  const destructured = pair && destructuringMessage(pair[0], pair[1]);
  if (destructured) inserted.set(pair[1].start, destructured.at);
  if (node.type === 'ForOfStatement') {
    const at = forOfPosition(node.right, source);
    if (at !== undefined) inserted.set(node.right.start, at);
  }
  // A call of a name that for...of iterates or an array pattern destructures: its hook (H.cfi on
  // the last argument or before the `)`) throws the TypeError V8 places at the name.
  const iterated = node.type === 'ForOfStatement' ? node.right : node.type === 'VariableDeclarator' && node.id.type === 'ArrayPattern' ? node.init : node.type === 'AssignmentExpression' && node.left.type === 'ArrayPattern' ? node.right : undefined;
  if (iterated && iterated.type === 'CallExpression' && iterated.callee.type === 'Identifier') {
    const last = iterated.arguments[iterated.arguments.length - 1];
    inserted.set(last === undefined ? iterated.end - 1 : last.type === 'SpreadElement' ? last.argument.start : last.start, iterated.callee.start);
  }
  // The trailing mark of a nested array pattern's default (`[a] = [1, H.dq[7]]`, syntax.js
  // nestedDefaultMark: the literal holds nothing else with a source position) is the last
  // position V8 records before the pattern's iteration: the original's "… is not iterable" is
  // placed at the pattern (for a parameter: at the `(` of the function's parameters).
  if (/^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(node.type)) {
    const open = node.params.length > 0 ? source.lastIndexOf('(', node.params[0].start) : -1; // only a name or comments between
    for (const param of node.params) if (param.type === 'AssignmentPattern') PARAMETERS.set(param, open);
  }
  if (node.type === 'AssignmentPattern' && nestedDefaultMark(node) === 'trailing') {
    const at = node.right.end - 1; // the mark goes before the `]` (instrument.js markDefault)
    inserted.set(at, PARAMETERS.has(node) ? PARAMETERS.get(node) : node.left.start);
  }
  if (node.type === 'ArrayExpression') {
    // Only an array literal's spreads: a call's spread argument is not the spread hook's.
    for (const e of node.elements) {
      if (!e || e.type !== 'SpreadElement') continue;
      const at = spreadPosition(e.argument, source);
      if (at !== undefined) inserted.set(e.argument.start, at);
    }
  }
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) collectAliases(c, source, aliases, inserted, typed);
    else if (child && typeof child.type === 'string') collectAliases(child, source, aliases, inserted, typed);
  }
}

/** A CallSite of the action's script with the original columns; everything else is the real one's. */
class MappedCallSite {
  constructor(site, map, column) {
    this.site = site;
    this.map = map;
    this.column = column;
  }

  getColumnNumber() {
    return this.column;
  }

  getEnclosingColumnNumber() {
    const c = this.site.getEnclosingColumnNumber();
    const mapped = c == null ? undefined : this.map.column(this.site.getEnclosingLineNumber(), c);
    return mapped === undefined ? c : mapped;
  }

  getPosition() {
    // Offsets: the original script's, where it is the same text up to this line.
    const line = this.site.getLineNumber();
    const codeLine = line - 1 - PREFIX_LINES;
    return this.site.getPosition() - this.map.instrumentedStarts[codeLine] + this.map.originalStarts[codeLine] - this.site.getColumnNumber() + this.column;
  }

  getScriptHash() {
    return this.map.originalHash;
  }

  toString() {
    const text = this.site.toString();
    const line = this.site.getLineNumber();
    const from = `:${line}:${this.site.getColumnNumber()}`;
    const i = text.lastIndexOf(from);
    if (i < 0) return text;
    return `${text.slice(0, i)}:${line}:${this.column}${text.slice(i + from.length)}`;
  }
}

/** The CallSite methods not overridden above are the real frame's. */
function delegateCallSiteMethods(sample) {
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(sample))) {
    if (name === 'constructor' || Object.prototype.hasOwnProperty.call(MappedCallSite.prototype, name)) continue;
    MappedCallSite.prototype[name] = function delegated() {
      return this.site[name]();
    };
  }
}

/**
 * The PositionMaps of the instrumented scripts loaded, by script hash: an engine loads one action;
 * a test process many, the oldest forgotten past MAX_MAPS.
 */
const maps = new Map();
const MAX_MAPS = 64;
let nodeFormatter; // Node's Error.prepareStackTrace (ErrorPrepareStackTrace) replaced by ours

function mapTrace(trace) {
  if (maps.size === 0 || !Array.isArray(trace)) return trace;
  trace = withoutThenWrappers(trace);
  let out;
  for (let i = 0; i < trace.length; i++) {
    const site = trace[i];
    if (!site || typeof site.isEval !== 'function' || !site.isEval()) continue;
    const map = maps.get(site.getScriptHash());
    if (!map) continue;
    const column = map.column(site.getLineNumber(), site.getColumnNumber());
    if (column === undefined || column === site.getColumnNumber()) continue;
    if (!out) {
      if (!Object.prototype.hasOwnProperty.call(MappedCallSite.prototype, 'getFileName')) delegateCallSiteMethods(site);
      out = trace.slice();
    }
    out[i] = new MappedCallSite(site, map, column);
  }
  return out || trace;
}

/** The file of the tracer's then wrapper (then-reactions.js thenWrapper), whose frames stacks leave out. */
const THEN_WRAPPER_FILE = require.resolve('./then-reactions');
const { WRAPPER_NAME } = require('./then-reactions');

/** `trace` without the frames of the tracer's then wrappers (a copy when there are some). */
function withoutThenWrappers(trace) {
  let out;
  for (let i = 0; i < trace.length; i++) {
    const site = trace[i];
    const wrapper = site && typeof site.getFunctionName === 'function' && site.getFunctionName() === WRAPPER_NAME && site.getFileName() === THEN_WRAPPER_FILE;
    if (wrapper && !out) out = trace.slice(0, i);
    else if (!wrapper && out) out.push(site);
  }
  return out || trace;
}

/**
 * Node 20's default formatter, with the action's frames mapped: Node's own text otherwise (its
 * "Name [CODE]: message" header for its errors, `async`, `new`, eval origins).
 */
function ErrorPrepareStackTrace(error, trace) {
  return nodeFormatter(error, mapTrace(trace));
}

/**
 * Makes error stacks show the original positions of the instrumented action (`code` → `instrumented`).
 * Node 20 and later format stacks through Error.prepareStackTrace, which is Node's own
 * ErrorPrepareStackTrace until someone replaces it: ours takes its place (same name and length),
 * maps the action's frames and calls Node's. Returns whether the mapping is in place; where
 * Error.prepareStackTrace is anything else (an older Node.js), nothing is changed.
 */
function mapActionPositions(code, instrumented, insertions, main) {
  const current = Error.prepareStackTrace;
  if (current !== ErrorPrepareStackTrace) {
    if (typeof current !== 'function' || current.name !== 'ErrorPrepareStackTrace' || current.length !== 2) return false;
    nodeFormatter = current;
    Error.prepareStackTrace = ErrorPrepareStackTrace;
  }
  const map = new PositionMap(code, instrumented, insertions, main);
  maps.delete(map.hash);
  maps.set(map.hash, map);
  if (maps.size > MAX_MAPS) maps.delete(maps.keys().next().value);
  return true;
}

module.exports = { mapActionPositions, PositionMap, scriptSource };
