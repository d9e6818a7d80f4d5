// Instruments an action: the original source with transparent recording hooks spliced in at the normalizer's sites.
'use strict';

const acorn = require('acorn');
const { normalizeProgram, PARSE_OPTIONS, v8Text } = require('./normalize');
const { anyNode, eachNode, containsAwait, notIterableMessage, forOfNotIterableMessage, spreadArgumentText, iteratedSpreadForm, destructuringMessage } = require('./syntax');

/** The local name the instrumented code calls the hooks by, and the global slot it reads them from once. */
const HOOKS_NAME = '__cl$h';
const HOOKS_SLOT = 'containerless.hooks';

/** Thrown when the instrumented source would not be the same program (a bug here): the caller loads the plain code. */
class InstrumentError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InstrumentError';
  }
}

/**
 * Returns {code, program, insertions}: `program` is the normalizer's document, `insertions` the
 * pieces of text added (applyEdits; positions.js maps error stacks back with them), `code` the original source with
 * hooks added and nothing else changed: same lines (no newline is ever inserted), same evaluation
 * order, same callee text for V8's "x is not a function" messages, same `this`.
 *
 * - decision (if / loop test / ?: / || &&): `H.t(site,(test))` returns the value, records truthiness;
 *   `??`: `H.n(site,(left))` records whether it is nullish.
 * - call: the hook runs after the arguments, right before the call: it wraps the last argument
 *   `f(a, H.c(site,(b)))`, or adds an empty spread `f(...H.c0(site))` to a call without arguments.
 *   When the callee can be re-read without running any code (a name, or `name.key`,
 *   `name.key.key`, `this.key` read through property descriptors), the hook is given what it needs
 *   to identify a built-in; a user function identifies itself by its enter hook, which follows.
 *   A method of a call's result: `H.r((s.trim())).k(..., H.cr(site,(last),"k","<V8's message>"))`.
 * - function: `H.e(id);try{ body }finally{H.x()}`; a default parameter value `H.dp(site,(v))`,
 *   and its decision `H.dd(site)` after the enter hook, as `H.nc(site)` for an object pattern's
 *   null check (passed when the body runs at all). A destructuring declaration gets the same
 *   hooks right after its statement.
 * - for...of: `H.fo(callSite,ifSite,loopSite,(iterable),message)` records the Array.isArray call and its
 *   outcome, and for an array returns an iterable over the array's own iterator that records
 *   each step's test; for anything else an iterable that throws V8's own "x is not iterable"
 *   (message) when the value is not iterable.
 * - switch: `H.sd((discriminant))` keeps the value, each `case H.ct(site,(test)):` records
 *   whether it matches.
 * - `x ||= v`: `H.la(site,0,(x),x ||= v)` records x's truthiness (or nullishness, for ??=).
 * - operand types: `H.tl(site,(a)) + H.tr(site,(b))` (and `H.tl(site,(o))[H.tr(site,(k))]`), `H.tk(site,(o)).k`,
 *   `-H.tu(site,(x))` and `${H.tu(site,(x))}`, `x += H.ta(site,x,(e))`; with a literal operand one hook,
 *   `H.tc(site,(a),literalTag<<8,0) + 1` or `1 + H.tc(site,(b),literalTag,8)`; `H.up(site,site2,(x),x++)`
 *   for the `+x` and `old + 1` of a name's update (`H.pt(o,"k")` for `o.k++`, `o.k += e`).
 * - async function: `const __cl$ht=H.ea(id);try{ body }finally{H.xa(__cl$ht)}`, every await of its
 *   own `H.ar(__cl$ht,(await H.as(__cl$ht,(x))))` (recorder.js: traced or muted invocations), and
 *   `H.ac(__cl$ht);` first in the catch and finally blocks of its try statements that await.
 * - for...in: `for (k in H.fi(sites,(o))) {H.fk(site,k); body};H.fe(site);`, each break of it
 *   `{H.fb(site);break;}`.
 * - an array pattern of names `const [x, y] = H.ap(callSite,ifSite,(e))`: the Array.isArray call
 *   and its outcome (recorder.js).
 * - a regular expression literal `H.rx(site,(/p/f))`; an array spread holding a decision
 *   `...H.sp((x),message)`.
 * - a call's last spread argument `f(...H.cf(site,H.nx((x),"x is not iterable (cannot read property ",")"),f))`
 *   and an object pattern's value holding a decision `({ p } = H.nx((a || b),"Cannot destructure …",".")`:
 *   V8 names that text when the value is null or undefined; H.nx throws it (positions.js places it).
 *   After another spread, `f(...xs, ...H.cf(site,H.ns((x),text),f))`: V8's iterator-path TypeError
 *   (values.js spreadNotIterable, finding H12-17).
 * - `p.then(H.tw(site,((r) => …)))`: a callback written in place goes to `then` through the
 *   recorder's wrapper, which names the activation it records into (then-reactions.js).
 * - a pattern's decisions once it has bound (normalize.js destructure): `H.nc(site)` (not
 *   nullish), `H.dd(site)` (a default, marked by `H.dp` as it is evaluated), `H.sl(site)` (an
 *   array rest's call of Array.prototype.slice): in a function's prologue, after a declaration or
 *   a destructuring assignment statement, first in a for...of body or a catch block.
 *   The default of a nested pattern is marked without changing V8's TypeError text (markDefault):
 *   `[a, H.dq[site]]` (a trailing element read from the recorder's proxy), its last value wrapped,
 *   or, for `const { o: { k } = {} } = p`, a property added after it, `[H.pd(site,p,"o")]: __cl$hu<site>`.
 * - `o[k] ??= v` and an optional call `f?.(a)`: `H.lm(site,inverted,H.ls(site),(expr))` around
 *   the assignment or the whole chain records the decision from a mark `H.dp(site,(v))` (`(a)` for
 *   the call; `f?.(...H.de(site,H.c0(…)))` without arguments) sets when that part runs; H.ls first
 *   forgets a mark a throw left behind.
 */
function instrument(source, { entry = 'main', types = true } = {}) {
  // The engine evaluates the code inside a function, where a #! line is a syntax error too.
  if (source.startsWith('#!')) throw new InstrumentError('the code starts with a #! line');
  if (source.includes(HOOKS_NAME)) throw new InstrumentError(`the code uses the name ${HOOKS_NAME}, which the hooks need`);
  const { program, hooks, ast } = normalizeProgram(source, { entry, types });
  const unprinted = callsV8DoesNotPrint(ast);
  const iterated = callsIterated(ast);
  addSpreadHooks(ast, hooks);
  const silenced = hooksV8WouldPrint(ast, hooks, unprinted);
  const edits = [];
  const H = HOOKS_NAME;
  const calls = []; // the call hooks, edited after the loop: an optional call's hook may mark them
  const marked = new Set(); // optional calls without arguments whose call hook carries the mark
  const wrap = (node, open, close, bias = 0) => {
    const size = node.end - node.start + bias;
    edits.push({ pos: node.start, text: open, open: true, size });
    edits.push({ pos: node.end, text: close, open: false, size });
  };
  for (const hook of hooks) {
    if (silenced.has(hook)) continue; // no event: that decision stays untraced, never wrong
    switch (hook.kind) {
      case 'test':
        wrap(hook.node, `${H}.t(${hook.site},(`, '))');
        break;
      case 'nullish':
        wrap(hook.node, `${H}.n(${hook.site},(`, '))');
        break;
      case 'nullish-receiver':
        wrap(hook.node, `${H}.nr(${hook.site},(`, '))');
        break;
      case 'call':
        calls.push(hook);
        break;
      case 'forof':
        // Over a decision, V8's message names the value or a call, not the expression's text.
        wrap(hook.node, `${H}.fo(${hook.sites.join(',')},(`, `),${JSON.stringify(forOfNotIterableMessage(hook.node, source))}${hook.elementSites ? `,${hook.elementSites.join(',')}` : ''})`);
        break;
      case 'declaration': {
        // Defaults of a destructuring declaration: marked where evaluated, decided right after it.
        let decided = ';';
        for (const d of hook.defaults) {
          if (d.check) {
            decided += `${H}.nc(${d.site});`; // the pattern's value was not nullish: it got here
            continue;
          }
          if (d.slice) {
            decided += `${H}.sl(${d.site});`; // an array rest's slice call
            continue;
          }
          markDefault(d, wrap, edits, source);
          decided += `${H}.dd(${d.site});`;
        }
        edits.push({ pos: hook.node.end, text: decided, open: false, size: Infinity });
        break;
      }
      case 'optional-call': {
        // `o.f?.(a)`: H.dp around the first argument marks that the callee was not nullish, as
        // only then are the arguments evaluated; H.lm around the whole chain records the decision
        // from the mark (nullish is the `then` side), H.ls first forgets a mark a throw left.
        const call = hook.node;
        wrap(hook.chain, `${H}.lm(${hook.site},1,${H}.ls(${hook.site}),(`, '))');
        const first = call.arguments[0];
        // Without arguments the call hook's spread carries the mark (callEdits: `...H.de(…)`).
        if (first) wrap(first.type === 'SpreadElement' ? first.argument : first, `${H}.dp(${hook.site},(`, '))');
        else marked.add(call);
        break;
      }
      case 'pattern-body': {
        // A for...of or catch pattern's decisions, recorded where its binding has happened: first
        // in the body (after an async function's H.ac there, whose insertion is larger).
        const decided = patternDecisions(hook.defaults, wrap, edits, source);
        const body = hook.node;
        const size = body.end - body.start - 0.5;
        if (body.type === 'BlockStatement') {
          edits.push({ pos: body.start + 1, text: decided, open: true, size });
        } else {
          edits.push({ pos: body.start, text: `{${decided}`, open: true, size: size + 0.5 });
          edits.push({ pos: body.end, text: '}', open: false, size: size + 0.5 });
        }
        break;
      }
      case 'logical-assign':
        // `x ||= v` → `H.la(site,nullish,(x),x ||= v)`: the decision on x's value read first, then
        // the original's value. A call, not a parenthesized comma expression: a statement that
        // starts with `(` would continue the previous line's expression (no semicolon inserted).
        if (hook.marked) {
          // `o[k] ??= v`: H.ls forgets a mark left by a throw, H.dp marks that v ran, and H.lm
          // records the decision from the mark (v runs on the `||=` else side, the others' then).
          wrap(hook.node, `${H}.lm(${hook.site},${hook.node.operator === '||=' ? 1 : 0},${H}.ls(${hook.site}),(`, '))');
          wrap(hook.node.right, `${H}.dp(${hook.site},(`, '))');
        } else if (hook.key === undefined) {
          wrap(hook.node, `${H}.la(${hook.site},${hook.nullish ? 1 : 0},(${hook.node.left.name}),`, ')');
        } else {
          // The property is read by H.pk before the original runs (arguments are evaluated in order).
          wrap(hook.node, `${H}.la(${hook.site},${hook.nullish ? 1 : 0},${H}.pk(${hook.node.left.object.name},${JSON.stringify(hook.key)}),`, ')');
        }
        break;
      case 'switch':
        wrap(hook.node, `${H}.sd((`, '))');
        break;
      case 'forin': {
        // `for (k in H.fi(sites...,(o))) {H.fk(more,k); …};H.fe(more);`: the program's checks and
        // Object.keys call, each key for...in visits (with the ones it skipped), the loop's end.
        const s = hook.sites;
        wrap(hook.node.right, `${H}.fi(${[s.nullish, s.proto, s.isObject, s.isArray, s.isNull, s.keys, s.more, s.has].join(',')},(`, '))');
        const body = hook.node.body;
        if (body.type === 'BlockStatement') {
          edits.push({ pos: body.start + 1, text: `${H}.fk(${s.more},${hook.name});`, open: true, size: body.end - body.start });
        } else {
          wrap(body, `{${H}.fk(${s.more},${hook.name});`, '}');
        }
        edits.push({ pos: hook.after.end, text: `;${H}.fe(${s.more});`, open: true, size: Infinity });
        break;
      }
      case 'forin-break':
        wrap(hook.node, `{${H}.fb(${hook.site});`, '}');
        break;
      case 'array-pattern':
        // `const [x, y] = H.ap(callSite,ifSite,(e))`: the program's Array.isArray call and its
        // outcome; the value passes through (anything not iterable throws V8's TypeError there).
        wrap(hook.node, `${H}.ap(${hook.sites.join(',')},(`, '))');
        break;
      case 'regexp':
        wrap(hook.node, `${H}.rx(${hook.site},(`, '))'); // the call event of RegExp(pattern, flags)
        break;
      case 'spread':
        wrap(hook.node, `${H}.sp((`, `),${JSON.stringify(spreadMessage(hook.node))})`);
        break;
      case 'case':
        wrap(hook.node, `${H}.ct(${hook.site},(`, '))');
        break;
      case 'function':
        functionEdits(source, hook, edits);
        break;
      // Operand types (trace-ir.md section 7): each hook returns its operand unchanged.
      case 'type2': {
        // A literal operand's tag is known here: one hook on the other operand then.
        const leftTag = literalTag(hook.left);
        const rightTag = literalTag(hook.right);
        if (leftTag !== 0 && rightTag !== 0) break; // constant: the site stays without events
        if (rightTag !== 0) {
          wrap(hook.left, `${H}.tc(${hook.site},(`, `),${rightTag << 8},0)`);
        } else if (leftTag !== 0) {
          wrap(hook.right, `${H}.tc(${hook.site},(`, `),${leftTag},8)`);
        } else {
          wrap(hook.left, `${H}.tl(${hook.site},(`, '))');
          wrap(hook.right, `${H}.tr(${hook.site},(`, '))');
        }
        break;
      }
      case 'type-key':
        wrap(hook.object, `${H}.tk(${hook.site},(`, '))');
        break;
      case 'type1':
        wrap(hook.operand, `${H}.tu(${hook.site},(`, '))');
        break;
      case 'type-update': {
        // `H.up(s,s2,(x),x++)`: x's value read first (a local or module name), then the update's
        // value; for `o.k++`, o.k peeked first (H.pt: no getter runs).
        const current = hook.peek ? `${H}.pt(${hook.peek.object},${JSON.stringify(hook.peek.key)})` : `(${hook.name})`;
        wrap(hook.node, `${H}.up(${hook.site},${hook.step},${current},`, ')');
        break;
      }
      case 'type-assign': {
        const current = hook.peek ? `${H}.pt(${hook.peek.object},${JSON.stringify(hook.peek.key)})` : hook.name;
        wrap(hook.operand, `${H}.ta(${hook.site},${current},(`, '))');
        break;
      }
      default:
        throw new InstrumentError(`unknown hook kind ${hook.kind}`);
    }
  }
  // An object pattern's value holding a decision: V8 prints the value's text when it is null or
  // undefined, H.nx throws that TypeError itself (syntax.js destructuringMessage; H12-13).
  for (const { node, before } of destructuredValues(ast)) wrap(node, `${H}.nx((`, `),${JSON.stringify(before)},".")`);
  for (const hook of calls) callEdits(source, hook, edits, wrap, unprinted.has(hook.node), iterated.has(hook.node), marked.has(hook.node) ? hook.optionalSite : undefined);
  const prologue = `var ${H}=globalThis[Symbol.for(${JSON.stringify(HOOKS_SLOT)})];`;
  const directives = ast.body.filter((s, i) => s.directive !== undefined && ast.body.slice(0, i).every((p) => p.directive !== undefined));
  if (directives.length > 0) {
    edits.push({ pos: directives[directives.length - 1].end, text: `;${prologue}`, open: true, size: Infinity });
  } else {
    edits.push({ pos: 0, text: prologue, open: true, size: Infinity });
  }
  const insertions = [];
  const code = applyEdits(source, edits, insertions);
  try {
    acorn.parse(code, PARSE_OPTIONS);
  } catch (error) {
    const failure = new InstrumentError(`the instrumented code does not parse (${error.message}); this is a bug in proxy/trace/instrument.js`);
    failure.instrumented = code; // for whoever fixes it
    throw failure;
  }
  return { code, program, insertions };
}

/** The hook calls recording a pattern's decisions (normalize.js destructure's `defaults`), its default values wrapped as they are evaluated. */
function patternDecisions(defaults, wrap, edits, source) {
  const H = HOOKS_NAME;
  let decided = '';
  for (const d of defaults) {
    if (d.check) decided += `${H}.nc(${d.site});`; // the pattern's value was not nullish: it got here
    else if (d.slice) decided += `${H}.sl(${d.site});`; // an array rest's slice call
    else {
      markDefault(d, wrap, edits, source);
      decided += `${H}.dd(${d.site});`;
    }
  }
  return decided;
}

/**
 * Marks a default value as evaluated: `H.dp(site,(v))` around it, or for the default of a nested
 * pattern the mark syntax.js nestedDefaultMark chose, which keeps V8's TypeError text: a trailing
 * element `[a, H.dq[site]]` (a read of the recorder's proxy H.dq, which marks `site`) or the last
 * property value of an object literal wrapped.
 */
function markDefault(d, wrap, edits, source) {
  const H = HOOKS_NAME;
  const node = d.node;
  if (d.mark === 'trailing') {
    // Before the `]`: after the last element's end could be inside its parentheses,
    // `[(a)]`. A comma unless there is none to follow or the literal ends with one (`[1,]`).
    const last = node.elements[node.elements.length - 1];
    const tail = last ? source.slice(last.end, node.end - 1).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '') : ',';
    edits.push({ pos: node.end - 1, text: `${tail.includes(',') ? '' : ','}${H}.dq[${d.site}]`, open: false, size: Infinity });
    return;
  }
  if (d.mark === 'peek') {
    // `const { o: { k } = {}, [H.pd(site,p,"o")]: __cl$hu7 } = p`: after the property binds, H.pd
    // peeks p.o (no getter runs) and marks the site when it is undefined; the extra property
    // reads a symbol key p does not have into a binding of the hooks' own.
    const { object, key, after } = d.peek;
    edits.push({ pos: after, text: `,[${H}.pd(${d.site},${object},${JSON.stringify(key)})]:${H}u${d.site}`, open: false, size: Infinity });
    return;
  }
  if (d.mark === 'value') {
    const last = node.properties[node.properties.length - 1];
    // `{ k }` has no value of its own to wrap: it becomes `{ k: H.dp(site,(k)) }`.
    if (last.shorthand) edits.push({ pos: last.end, text: `:${H}.dp(${d.site},(${last.key.name}))`, open: false, size: Infinity });
    else wrap(last.value, `${H}.dp(${d.site},(`, '))');
    return;
  }
  const target = node;
  wrap(target, `${H}.dp(${d.site},(`, '))');
}

/**
 * Applies insertions; `inserted`, when given, receives each piece of text added, as
 * {pos (offset in source), at (offset in the result), length}, in order (positions.js maps stack
 * frames back with them). At one position, closing texts come before opening ones; among closings
 * the innermost (smallest) first, among openings the outermost (largest) first.
 */
function applyEdits(source, edits, inserted) {
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .sort((x, y) => {
      if (x.pos !== y.pos) return x.pos - y.pos;
      if (x.open !== y.open) return x.open ? 1 : -1;
      if (x.size !== y.size) return x.open ? y.size - x.size : x.size - y.size;
      return x.open ? x.i - y.i : y.i - x.i;
    });
  let code = '';
  let at = 0;
  for (const e of sorted) {
    code += source.slice(at, e.pos);
    const before = code.length;
    // `case"a":` or `return"a"||b`: a hook name must not run into the keyword before it.
    if (/^[\w$]/.test(e.text) && /[\w$\\]$/.test(code)) code += ' ';
    code += e.text;
    if (inserted) inserted.push({ pos: e.pos, at: before, length: code.length - before });
    at = e.pos;
  }
  return code + source.slice(at);
}

/** Whether `node` (not looking into nested functions) assigns or updates the name `name`. */
function assignsName(node, name) {
  return anyNode(node, (n) => {
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier' && n.left.name === name) return true;
    if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier' && n.argument.name === name) return true;
    if (n.type === 'AssignmentExpression' && n.left.type !== 'Identifier' && n.left.type !== 'MemberExpression') return true; // a pattern: be safe
    if (/^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration)$/.test(n.type)) return false;
    return undefined;
  });
}

function staticKey(member) {
  if (member.optional || member.property.type === 'PrivateIdentifier') return undefined;
  if (!member.computed) return member.property.name;
  const p = member.property;
  if (p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number')) return String(p.value);
  return undefined;
}

/**
 * What the call hook can re-read of the callee without side effects: '' (nothing), or the text of
 * the extra hook arguments and the hook's suffix (f: a name, m: base and one key, m2: two keys).
 */
function peekOf(call) {
  const callee = call.callee;
  const args = call.arguments;
  const baseOk = (node) =>
    node.type === 'ThisExpression' || (node.type === 'Identifier' && node.name !== 'eval' && !args.some((a) => assignsName(a, node.name)));
  const baseText = (node) => (node.type === 'ThisExpression' ? 'this' : node.name);
  if (callee.type === 'Identifier') {
    return baseOk(callee) ? { suffix: 'f', extra: `,${callee.name}` } : { suffix: '', extra: '' };
  }
  if (callee.type === 'MemberExpression') {
    const k = staticKey(callee);
    if (k !== undefined && baseOk(callee.object)) {
      return { suffix: 'm', extra: `,${baseText(callee.object)},${JSON.stringify(k)}` };
    }
    if (k !== undefined && callee.object.type === 'MemberExpression') {
      const k1 = staticKey(callee.object);
      if (k1 !== undefined && baseOk(callee.object.object)) {
        return { suffix: 'm2', extra: `,${baseText(callee.object.object)},${JSON.stringify(k1)},${JSON.stringify(k)}` };
      }
    }
    // A method of any other receiver V8 can print (`s.trim().toLowerCase()`, `xs[i].trim()`,
    // `(a || 'x').trim()`): the receiver is kept by H.r on its way to the call, and the call
    // hook reads the method from it. V8 would name the callee `s.trim(...).toLowerCase` in "is
    // not a function", the wrapped one differently, so the hook throws that TypeError itself,
    // with V8's text, when the method is not callable.
    const text = v8Text(callee);
    if (callee.optional) {
      // `x?.m(...)`: the chain's nullish hook on x (H.nr) keeps the receiver when it is not nullish.
      const key = callee.computed ? (callee.property.type === 'Literal' ? String(callee.property.value) : undefined) : callee.property.name;
      if (key !== undefined && text !== undefined) return { suffix: 'r', extra: `,${JSON.stringify(key)},${JSON.stringify(`${text} is not a function`)}` };
      return { suffix: '', extra: '' };
    }
    if (k !== undefined && text !== undefined && callee.object.type !== 'Identifier' && callee.object.type !== 'ThisExpression' && !args.some(containsAwait)) {
      return { suffix: 'r', extra: `,${JSON.stringify(k)},${JSON.stringify(`${text} is not a function`)}`, receiver: callee.object };
    }
  }
  return { suffix: '', extra: '' };
}

/**
 * peekOf for a call or a `new`: V8 names a `new`'s callee in "… is not a constructor", which the
 * receiver hook (suffix 'r', "… is not a function") does not reproduce, so a `new` gets no such hook.
 */
function calleePeek(node) {
  const peek = peekOf(node);
  return node.type === 'NewExpression' && peek.suffix === 'r' ? { suffix: '', extra: '' } : peek;
}

/**
 * The calls V8's "is not a function" message does not name by their source text: those in a
 * computed key of an object literal or pattern of the same function (V8 then prints the value,
 * "undefined is not a function"), where the hook must not emulate the message.
 */
/** A spread hook (`[...H.sp((x),message)]`) for each array literal spread spreadMessage() covers. */
function addSpreadHooks(ast, hooks) {
  // In a computed key of an object literal V8 names the value, not the text ("boolean true is
  // not iterable (…)"), which the hooks leave to V8 as they do for calls there.
  const visit = (n, inKey) => {
    if (!n || typeof n.type !== 'string') return;
    if (/^(FunctionExpression|FunctionDeclaration|ArrowFunctionExpression)$/.test(n.type)) inKey = false;
    if (n.type === 'ArrayExpression' && !inKey) {
      for (const e of n.elements) if (e && e.type === 'SpreadElement' && spreadMessage(e.argument)) hooks.push({ kind: 'spread', node: e.argument });
    }
    for (const key of Object.keys(n)) {
      if (key === 'loc') continue;
      const child = n[key];
      const childInKey = inKey || (n.type === 'Property' && n.computed && key === 'key');
      if (Array.isArray(child)) child.forEach((c) => visit(c, childInKey));
      else if (child && typeof child.type === 'string') visit(child, childInKey);
    }
  };
  visit(ast, false);
}

/**
 * The calls for...of iterates (its right-hand side) or an array pattern destructures (a
 * declarator's initializer, a destructuring assignment's value): V8's "is not a function" for
 * their callee reads "… or its return value is not iterable" (finding G1 of the differential hunt).
 */
function callsIterated(ast) {
  const found = new Set();
  const add = (e) => e && e.type === 'CallExpression' && !e.optional && found.add(e);
  eachNode(ast, (n) => {
    if (n.type === 'ForOfStatement') add(n.right);
    if (n.type === 'VariableDeclarator' && n.id.type === 'ArrayPattern') add(n.init);
    if (n.type === 'AssignmentExpression' && n.left.type === 'ArrayPattern') add(n.right);
  });
  return found;
}

function callsV8DoesNotPrint(ast) {
  const found = new Set();
  const visit = (node, inKey) => {
    if (!node || typeof node.type !== 'string') return;
    if (/^(FunctionExpression|FunctionDeclaration|ArrowFunctionExpression)$/.test(node.type)) inKey = false;
    if (inKey && node.type === 'CallExpression') found.add(node);
    for (const key of Object.keys(node)) {
      if (key === 'loc') continue;
      const child = node[key];
      const childInKey = inKey || (node.type === 'Property' && node.computed && key === 'key');
      if (Array.isArray(child)) for (const c of child) visit(c, childInKey);
      else if (child && typeof child.type === 'string') visit(child, childInKey);
    }
  };
  visit(ast, false);
  return found;
}

/**
 * Decision hooks inside source text that V8 prints in an error message: the callee of a call
 * whose "is not a function" the hooks do not reproduce (the arguments of calls inside it are
 * printed as `(...)`, so they do not count), and the argument of an array literal's spread
 * ("x is not iterable"). A hook there would show in the message; it is left out instead.
 */
function hooksV8WouldPrint(ast, hooks, unprinted) {
  const regions = [];
  const typeRegions = [];
  const addRegion = (node, into = regions) => {
    const holes = [];
    const visit = (n) => {
      if (/^(FunctionExpression|ArrowFunctionExpression)$/.test(n.type)) {
        holes.push([n.start, n.end]);
        return false;
      }
      if (n.type === 'CallExpression') {
        for (const a of n.arguments) holes.push([a.start, a.end]);
        eachNode(n.callee, visit);
        return false;
      }
      return true;
    };
    eachNode(node, visit);
    into.push({ start: node.start, end: node.end, holes });
  };
  const calls = new Map(hooks.filter((h) => h.kind === 'call').map((h) => [h.node, h]));
  eachNode(ast, (n) => {
    if ((n.type === 'CallExpression' || n.type === 'NewExpression') && calls.has(n)) {
      const peek = calleePeek(n);
      const emulated = peek.suffix === 'r' && !(unprinted.has(n) && peek.receiver);
      if (!emulated) addRegion(n.callee);
    }
    // An array literal's spread whose "x is not iterable" the spread hook reproduces (spreads
    // below) may hold hooks; any other is a region.
    if (n.type === 'ArrayExpression') for (const e of n.elements) if (e && e.type === 'SpreadElement' && !spreadMessage(e.argument)) addRegion(e.argument);
    // Texts V8 prints that only the type hooks avoid (the decision hooks' behaviour there is older
    // than these): a spread argument of a call, a destructured declaration's initializer.
    if (n.type === 'CallExpression') for (const e of n.arguments) if (e.type === 'SpreadElement') addRegion(e.argument, typeRegions);
    if (n.type === 'VariableDeclarator' && n.id.type !== 'Identifier' && n.init) addRegion(n.init, typeRegions);
    // And a destructuring assignment's value, which V8 prints for null or undefined ("Cannot
    // destructure property 'p' of 'a.u' …", H12-13) unless its first property has a default
    // ("Cannot read properties of undefined (reading 'p')") or it is never null or undefined
    // (`{ k: total - 1 }`): there the hooks stay.
    if (n.type === 'AssignmentExpression' && n.left.type === 'ObjectPattern' && !neverNullish(n.right)) {
      const first = n.left.properties[0];
      if (!(first && first.type === 'Property' && first.value.type === 'AssignmentPattern')) addRegion(n.right, typeRegions);
    }
  });
  const silenced = new Set();
  const inside = (node, r) => node.start >= r.start && node.end <= r.end && !r.holes.some(([a, b]) => node.start >= a && node.end <= b);
  for (const h of hooks) {
    if (TYPE_KINDS.has(h.kind)) {
      if (regions.some((r) => inside(h.node, r)) || typeRegions.some((r) => inside(h.node, r))) silenced.add(h);
      continue;
    }
    if (!['test', 'nullish', 'logical-assign', 'regexp', 'optional-call'].includes(h.kind)) continue;
    // An optional call's hook wraps its chain and marks inside its arguments, which V8 prints as
    // `(...)` (`p.f?.(1)(2)`: "p.f?.(...) is not a function"): only its chain counts.
    if (regions.some((r) => inside(h.kind === 'optional-call' ? h.chain : h.node, r))) silenced.add(h);
  }
  return silenced;
}

/**
 * V8's TypeError text for an array literal's spread of `node` when it is not iterable, when a
 * hook inside it would change that text and the spread hook can throw it instead; else undefined.
 */
function spreadMessage(node) {
  if (!hasDecisionInside(node)) return undefined;
  const message = notIterableMessage(node);
  return message ? message : undefined;
}

/** The values of object destructuring (declarations, assignments) whose TypeError V8 words with their text and a decision hook inside would change: [{node, before}]. */
function destructuredValues(ast) {
  const found = [];
  eachNode(ast, (n) => {
    const pair = n.type === 'AssignmentExpression' ? [n.left, n.right] : n.type === 'VariableDeclarator' ? [n.id, n.init] : undefined;
    const message = pair && destructuringMessage(pair[0], pair[1]);
    if (message) found.push({ node: pair[1], before: message.before });
  });
  return found;
}

/** Whether a spread argument has a decision (?:, ||, &&, ??) of its own, outside nested functions. */
function hasDecisionInside(node) {
  if (!node || typeof node.type !== 'string') return false;
  if (node.type === 'ConditionalExpression' || node.type === 'LogicalExpression') return true;
  if (/^(FunctionExpression|ArrowFunctionExpression)$/.test(node.type)) return false;
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      if (child.some(hasDecisionInside)) return true;
    } else if (child && typeof child.type === 'string' && hasDecisionInside(child)) {
      return true;
    }
  }
  return false;
}

/** Whether an expression's value is never null or undefined, whatever its operands (literals, operations but `void`, functions, `new`). */
function neverNullish(node) {
  switch (node.type) {
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'TemplateLiteral':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
    case 'NewExpression':
    case 'BinaryExpression':
    case 'UpdateExpression':
      return true;
    case 'Literal':
      return node.value !== null || node.regex !== undefined || node.bigint !== undefined;
    case 'UnaryExpression':
      return node.operator !== 'void';
    default:
      return false;
  }
}

/** The type tag of a literal operand (trace-ir.md section 7), 0 when it is not one. */
function literalTag(node) {
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0 ? 16 : 0;
  if (node.type !== 'Literal' || node.regex || node.bigint !== undefined) return 0;
  switch (typeof node.value) {
    case 'number':
      return 8;
    case 'string':
      return 16;
    case 'boolean':
      return 4;
    default:
      return node.value === null ? 2 : 0;
  }
}

/** The hooks of operand types (whole-expression `node`, for the regions above). */
const TYPE_KINDS = new Set(['type1', 'type2', 'type-key', 'type-assign', 'type-update']);

/** Whether member expression `m` reads the static key `key` (`o.then`, `o['then']`). */
function memberKeyIs(m, key) {
  if (!m.computed) return m.property.type === 'Identifier' && m.property.name === key;
  return m.property.type === 'Literal' && m.property.value === key;
}

function callEdits(source, hook, edits, wrap, unprinted, iterated, markSite) {
  const call = hook.node;
  const peek = calleePeek(call);
  let { suffix, extra, receiver } = unprinted && peek.receiver ? { suffix: '', extra: '' } : peek;
  if (iterated && (suffix === 'f' || suffix === 'm' || suffix === 'm2') && v8Text(call.callee) !== undefined) {
    // The call is what for...of or an array pattern iterates: V8 says "x is not a function or
    // its return value is not iterable" there, but inside a hook's argument only "x is not a
    // function"; the `…i` hooks throw V8's text themselves (recorder.js), recording or not.
    suffix += 'i';
    extra += `,${JSON.stringify(`${v8Text(call.callee)} is not a function or its return value is not iterable`)}`;
  } else if (iterated && suffix === 'r' && !unprinted) {
    // The receiver hook's own text: there V8 prints the calls of the callee without their
    // `(...)` (`s.trim().nope()` is "s.trim.nope is not a function or its return value …").
    extra = extra.replace(/,("(?:[^"\\]|\\.)*")$/, (m, text) => `,${JSON.stringify(`${JSON.parse(text).replace(/ is not a function$/, '').replace(/\(\.\.\.\)/g, '')} is not a function or its return value is not iterable`)}`);
  }
  if (unprinted && suffix === 'r') {
    // `x?.m()` where V8 prints values, not text: the receiver H.nr kept is still taken, but V8's
    // own TypeError (about the value) is left to V8.
    extra = extra.replace(/,"[^"]*(?:\\.[^"]*)*"$/, ',null');
  }
  const H = HOOKS_NAME;
  if (receiver) wrap(receiver, `${H}.r((`, '))');
  // `p.then((r) => …)`: the callback goes to `then` through the recorder's wrapper, which names
  // the activation it records into (then-reactions.js thenWrapper; inside any hook around the
  // same argument, outside the function's own edits: a size between theirs, range − 0.5, and
  // range).
  const first = call.arguments[0];
  if (first && /^(FunctionExpression|ArrowFunctionExpression)$/.test(first.type) && call.callee.type === 'MemberExpression' && memberKeyIs(call.callee, 'then')) {
    wrap(first, `${H}.tw(${hook.site},(`, '))', -0.25);
  }
  if (call.arguments.length > 0) {
    if (markSite !== undefined) throw new InstrumentError('an optional call with arguments is marked by H.dp on its first one');
    const last = call.arguments[call.arguments.length - 1];
    // After another spread V8 spreads it through its iterator path, whose TypeError names the
    // value (or a call's callee): H.ns throws that one (values.js, syntax.js; finding H12-17).
    const iterated = last.type === 'SpreadElement' && !unprinted && call.arguments.slice(0, -1).some((a) => a.type === 'SpreadElement') ? iteratedSpreadForm(last.argument, source) : undefined;
    if (iterated !== undefined) {
      wrap(last.argument, `${H}.c${suffix}(${hook.site},${H}.ns((`, `),${JSON.stringify(iterated.text)})${extra})`);
      return;
    }
    const text = last.type === 'SpreadElement' && !unprinted ? spreadArgumentText(last.argument) : undefined;
    if (text !== undefined) {
      // A last spread argument: V8 names its text when it is null or undefined ("a.u is not
      // iterable (cannot read property undefined)"), which would name the call hook around it;
      // H.nx throws that text itself, before the call hook (V8 spreads before it calls; H12-13).
      // An empty spread after it instead would change V8's spread path and its messages.
      wrap(last.argument, `${H}.c${suffix}(${hook.site},${H}.nx((`, `),${JSON.stringify(`${text} is not iterable (cannot read property `)},")")${extra})`);
      return;
    }
    const target = last.type === 'SpreadElement' ? last.argument : last;
    wrap(target, `${H}.c${suffix}(${hook.site},(`, `)${extra})`);
    return;
  }
  if (call.type === 'NewExpression' && !/^[\s)]*\(/.test(source.slice(call.callee.end, call.end))) {
    // `new Date` without an argument list: give it one, holding the hook.
    edits.push({ pos: call.end, text: `(...${H}.c${suffix}0(${hook.site}${extra}))`, open: true, size: 0 });
    return;
  }
  const close = call.end - 1;
  if (source[close] !== ')') throw new InstrumentError(`call at ${call.start} does not end with ')'`);
  // `f?.()`: H.de marks (as H.dp) that the callee was not nullish, passing the hook's empty list on.
  const spread = `${H}.c${suffix}0(${hook.site}${extra})`;
  edits.push({ pos: close, text: markSite === undefined ? `...${spread}` : `...${H}.de(${markSite},${spread})`, open: true, size: 0 });
}

/** The local an instrumented async function keeps its invocation's token in (it contains HOOKS_NAME, so no action uses it). */
const TOKEN = `${HOOKS_NAME}t`;

/**
 * `await x` in async function `fn` (not in nested functions): `H.ar(t,(await H.as(t,(x))))`. as()
 * runs as the function leaves the stack, ar() as it resumes.
 */
function awaitEdits(fn, edits) {
  const H = HOOKS_NAME;
  eachNode(fn.body, (n) => {
    if (n !== fn && /^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration|ClassExpression|ClassDeclaration)$/.test(n.type)) return false;
    if (n.type === 'AwaitExpression') {
      // H.ar is the innermost wrapper of the await expression: every other hook around it (a
      // call's last argument, a decision, an operand type, for...of's iterable) runs after the
      // function resumes, so the invocation's list must be current by then (differential finding:
      // `xs.push(await f())` lost its push event, or gave it to another activation's list).
      const size = n.end - n.start;
      edits.push({ pos: n.start, text: `${H}.ar(${TOKEN},(`, open: true, size: size - 0.25 });
      edits.push({ pos: n.end, text: '))', open: false, size: size - 0.25 });
      edits.push({ pos: n.argument.start, text: `${H}.as(${TOKEN},(`, open: true, size: n.argument.end - n.argument.start + 0.25 });
      edits.push({ pos: n.argument.end, text: '))', open: false, size: n.argument.end - n.argument.start + 0.25 });
    }
    // A rejected await resumes in a catch or finally block, where H.ar does not run: H.ac(t) at
    // their start makes the invocation's list current there (recorder.js).
    if (n.type === 'TryStatement' && (containsAwait(n.block) || (n.handler && containsAwait(n.handler.body)))) {
      for (const block of [n.handler && n.handler.body, n.finalizer]) {
        if (block) edits.push({ pos: block.start + 1, text: `${H}.ac(${TOKEN});`, open: true, size: block.end - block.start });
      }
    }
    return true;
  });
}

function functionEdits(source, hook, edits) {
  const node = hook.node;
  const H = HOOKS_NAME;
  // A default value marks its site when it is evaluated; the body's prologue records the
  // decision after the enter event, where the program has its `if`.
  let decided = '';
  for (const d of hook.defaults || []) {
    if (d.check) {
      decided += `${H}.nc(${d.site});`; // a parameter's pattern: its value was not nullish
      continue;
    }
    if (d.slice) {
      decided += `${H}.sl(${d.site});`; // an array rest's slice call
      continue;
    }
    markDefault(d, (n, open, close) => {
      edits.push({ pos: n.start, text: open, open: true, size: n.end - n.start });
      edits.push({ pos: n.end, text: close, open: false, size: n.end - n.start });
    }, edits, source);
    decided += `${H}.dd(${d.site});`;
  }
  // An async function keeps a token of its invocation (traced, or muted: trace-ir.md section 7)
  // that its await hooks pass on; every await of its own is hooked, supported or not.
  const enter = node.async ? `const ${TOKEN}=${H}.ea(${hook.id});${decided}try{` : `${H}.e(${hook.id});${decided}try{`;
  const exit = node.async ? `}finally{${H}.xa(${TOKEN})}` : `}finally{${H}.x()}`;
  if (node.async) awaitEdits(node, edits);
  // Inner to any wrapper around the function itself (a function passed as the last argument).
  const size = node.end - node.start - 0.5;
  if (node.body.type === 'BlockStatement') {
    const directives = [];
    for (const s of node.body.body) {
      if (s.directive === undefined) break;
      directives.push(s);
    }
    const start = directives.length > 0 ? directives[directives.length - 1].end : node.body.start + 1;
    const open = directives.length > 0 ? `;${enter}` : enter;
    if (start === node.body.end - 1) {
      // An empty body: one edit, as closings would sort before openings at one position.
      edits.push({ pos: start, text: open + exit, open: true, size });
      return;
    }
    edits.push({ pos: start, text: open, open: true, size });
    edits.push({ pos: node.body.end - 1, text: exit, open: false, size });
    return;
  }
  // An expression body: `=> expr` becomes `=>{enter return (expr) exit}`; the parentheses keep a
  // body on the next line from meeting automatic semicolon insertion after `return`.
  const from = node.params.length > 0 ? node.params[node.params.length - 1].end : node.start;
  const arrow = source.indexOf('=>', from);
  if (arrow < 0 || arrow > node.body.start) throw new InstrumentError(`no => found for the arrow function at ${node.start}`);
  edits.push({ pos: arrow + 2, text: `{${enter}return (`, open: true, size });
  edits.push({ pos: node.end, text: `)${exit}}`, open: false, size });
}

module.exports = { instrument, applyEdits, InstrumentError, HOOKS_NAME, HOOKS_SLOT };
