// Predicates over acorn's AST for the normalizer and the instrumenter: bound names, plain values, V8's wording of expressions.
'use strict';

/** Every identifier a binding pattern declares, in source order. */
function patternNames(pattern, names = []) {
  switch (pattern.type) {
    case 'Identifier':
      names.push(pattern);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, names);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements) if (e) patternNames(e, names);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, names);
      break;
    case 'RestElement':
      patternNames(pattern.argument, names);
      break;
    default:
      break;
  }
  return names;
}

/** The `var` declarations of a function body, not descending into nested functions. */
function collectVars(node, out) {
  if (!node || typeof node.type !== 'string') return out;
  switch (node.type) {
    case 'VariableDeclaration':
      if (node.kind === 'var') for (const d of node.declarations) patternNames(d.id, out);
      return out;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return out;
    default:
      break;
  }
  for (const key of ['body', 'consequent', 'alternate', 'init', 'left', 'block', 'handler', 'finalizer', 'cases']) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) collectVars(c, out);
    else if (child && typeof child.type === 'string' && /Statement|Declaration|Clause|Block/.test(child.type)) collectVars(child, out);
  }
  return out;
}

/**
 * The function declarations inside blocks (not at the top of `list`), not descending into nested
 * functions. In sloppy code such a function is also a var of the enclosing function (Annex B).
 */
function collectBlockFunctions(list) {
  const out = [];
  const visit = (node, top) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'FunctionDeclaration') {
      if (!top) out.push(node.id);
      return;
    }
    if (/^(FunctionExpression|ArrowFunctionExpression|ClassDeclaration|ClassExpression)$/.test(node.type)) return;
    for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases']) {
      const child = node[key];
      if (Array.isArray(child)) for (const c of child) visit(c, false);
      else if (child && typeof child.type === 'string' && /Statement|Clause|Block|SwitchCase/.test(child.type)) visit(child, false);
    }
  };
  for (const node of list) visit(node, true);
  return out;
}

/** V8's compare operations: printed as written, never as one n-ary chain. */
const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '>', '<=', '>=', 'instanceof', 'in']);

/**
 * How V8 prints an expression in a TypeError (its CallPrinter), for names, property chains and
 * calls of those: `p.list`, `p[k]`, `p[0]`, `s.trim(...)`; a string key prints as `.key`; operators,
 * conditionals, array literals (spreads too) and template literals of those.
 * Undefined for anything else.
 */
function v8Text(node) {
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'NewExpression':
      return '(intermediate value)'; // whatever the callee and arguments: `new Date(0).foo()`
    case 'CallExpression': {
      const callee = node.optional ? undefined : v8Text(node.callee);
      return callee === undefined ? undefined : `${callee}(...)`;
    }
    case 'Literal':
      // Strings in double quotes, raw; numbers as JavaScript prints them; booleans; null.
      if (typeof node.value === 'string') return `"${node.value}"`; // raw, unescaped, as V8 prints it
      if (typeof node.value === 'number' || typeof node.value === 'boolean' || node.value === null) return String(node.value);
      return undefined;
    case 'BinaryExpression':
    case 'LogicalExpression': {
      // V8 parenthesises every operation: `((x * y) + 1)`; it folds an operation on two
      // literals (`0.1 + 0.2` prints as its value), which is not followed here.
      if (node.type === 'BinaryExpression' && node.left.type === 'Literal' && node.right.type === 'Literal') return undefined;
      const op = node.operator;
      if (!COMPARISONS.has(op)) {
        // A left-leaning chain of one operator is one n-ary operation to V8: `(a + b + c)`,
        // whatever parentheses the source had.
        const operands = [node.right];
        let left = node.left;
        while (left.type === node.type && left.operator === op) {
          // `**` leans right, and V8 keeps `(a ?? b) ?? c` nested but `a ?? b ?? c` flat: the
          // parentheses are not in acorn's tree, so both are declined.
          if (op === '**' || op === '??') return undefined;
          operands.unshift(left.right);
          left = left.left;
        }
        operands.unshift(left);
        const texts = operands.map((o) => (o.type === 'PrivateIdentifier' ? undefined : v8Text(o)));
        return texts.includes(undefined) ? undefined : `(${texts.join(` ${op} `)})`;
      }
      const left = node.left.type === 'PrivateIdentifier' ? undefined : v8Text(node.left);
      const right = v8Text(node.right);
      if (left === undefined || right === undefined) return undefined;
      // V8's parser turns `a != b` into `!(a == b)`, and prints it so.
      if (op === '!=' || op === '!==') return `(!(${left} ${op === '!=' ? '==' : '==='} ${right}))`;
      return `(${left} ${op} ${right})`;
    }
    case 'UnaryExpression': {
      if (node.operator === 'delete') return undefined;
      if (node.argument.type === 'Literal') {
        // V8 folds `-1`, `+2`, `~1` and `!x` on a literal to their value (`-0` prints as 0);
        // `typeof` and `void` keep their operand, and so does `-"a"`.
        const v = node.argument.value;
        const isNumber = typeof v === 'number' && node.argument.bigint === undefined && !node.argument.regex;
        if (isNumber && node.operator === '-') return String(-v);
        if (isNumber && node.operator === '+') return String(+v);
        if (isNumber && node.operator === '~') return String(~v);
        if (node.operator === '!' && !node.argument.regex && node.argument.bigint === undefined) return String(!v);
        if (node.operator !== 'typeof' && node.operator !== 'void' && !(typeof v === 'string' && node.operator === '-')) return undefined;
      }
      const arg = v8Text(node.argument);
      if (arg === undefined) return undefined;
      return /^[a-z]/.test(node.operator) ? `(${node.operator} ${arg})` : `(${node.operator}${arg})`;
    }
    case 'ConditionalExpression':
      // V8 prints any conditional as three intermediate values, whatever its operands.
      return '(intermediate value)(intermediate value)(intermediate value)';
    case 'TemplateLiteral': {
      if (node.expressions.length === 0) return node.quasis[0].value.cooked !== null ? `"${node.quasis[0].value.cooked}"` : undefined;
      // V8 prints a template's substitutions, one after the other, and none of its text:
      // `T ${a.s}-${f(b)}` is `a.sf(...)`.
      const parts = node.expressions.map(v8Text);
      return parts.includes(undefined) ? undefined : parts.join('');
    }
    case 'ArrayExpression': {
      // A spread element prints as `(...xs)`: `[a, ...xs]` is `[a,(...xs)]`; a hole as an
      // intermediate value: `[1, , 3]` is `[1,(intermediate value),3]`.
      const items = node.elements.map((e) => {
        if (e === null) return '(intermediate value)';
        if (e.type !== 'SpreadElement') return v8Text(e);
        const inner = v8Text(e.argument);
        return inner === undefined ? undefined : `(...${inner})`;
      });
      return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
    }
    default:
      break;
  }
  if (node.type !== 'MemberExpression' || node.property.type === 'PrivateIdentifier') return undefined;
  const object = v8Text(node.object);
  if (object === undefined) return undefined;
  if (node.optional) {
    // `p.s?.trim`; a computed optional key is not followed.
    if (node.computed && !(node.property.type === 'Literal' && typeof node.property.value === 'string')) return undefined;
    return `${object}?.${node.computed ? node.property.value : node.property.name}`;
  }
  if (!node.computed) return `${object}.${node.property.name}`;
  const p = node.property;
  if (p.type === 'Literal' && typeof p.value === 'string') return `${object}.${p.value}`;
  if (p.type === 'Literal' && typeof p.value === 'number') return `${object}[${p.value}]`;
  if (p.type === 'Identifier') return `${object}[${p.name}]`;
  return undefined;
}

/**
 * Where V8 places for...of's "is not iterable" over a decision (`(a || b)`, `c ? a : b`): at the
 * last property read or call of the expression, in source order (the last position its bytecode
 * recorded), as {node, pos}; undefined when it has none. Calls are placed at their callee's
 * property or name.
 */
function lastPositioned(node, source) {
  let last;
  const visit = (n) => {
    if (!n || typeof n.type !== 'string') return;
    if (/^(FunctionExpression|ArrowFunctionExpression|ClassExpression)$/.test(n.type)) return;
    const children = [];
    for (const key of Object.keys(n)) {
      const child = n[key];
      if (Array.isArray(child)) children.push(...child.filter((c) => c && typeof c.type === 'string'));
      else if (child && typeof child.type === 'string') children.push(child);
    }
    children.sort((a, b) => a.start - b.start).forEach(visit);
    if (n.type === 'MemberExpression' && !n.optional) {
      const pos = n.computed ? source.indexOf('[', n.object.end) : n.property.start;
      if (pos >= 0) last = { node: n, pos };
    } else if (n.type === 'CallExpression' && !n.optional) {
      const c = n.callee;
      const pos = c.type === 'MemberExpression' ? (c.computed ? source.indexOf('[', c.object.end) : c.property.start) : c.start;
      if (pos >= 0) last = { node: n, pos };
    }
  };
  visit(node);
  return last;
}

/**
 * V8's message when for...of's iterable `node` is not iterable, as the for...of hook (H.fo) takes
 * it: over a decision V8 names what sits at lastPositioned(): a call's callee, else the value
 * (null: the hook describes the value as V8 does, "number 1 is not iterable (cannot read …)");
 * otherwise notIterableMessage().
 */
function forOfNotIterableMessage(node, source) {
  if (node.type !== 'LogicalExpression' && node.type !== 'ConditionalExpression') return notIterableMessage(node);
  const last = lastPositioned(node, source);
  if (last && last.node.type === 'CallExpression') {
    const callee = v8Text(last.node.callee);
    return callee === undefined ? notIterableMessage(node) : `${callee} is not iterable (cannot read property Symbol(Symbol.iterator))`;
  }
  return null;
}

/**
 * V8's message when for...of's iterable is not iterable; '' for an array literal (always
 * iterable). There V8 prints a call as its callee alone: `s.trim().charCodeAt(0)` is
 * "s.trim.charCodeAt is not a function or its return value is not iterable".
 */
function notIterableMessage(node) {
  if (node.type === 'ArrayExpression') return '';
  const bare = (text) => (text === undefined ? undefined : text.replace(/\(\.\.\.\)/g, ''));
  if (node.type === 'CallExpression' && !node.optional) {
    const callee = bare(v8Text(node.callee));
    return callee === undefined ? undefined : `${callee} is not a function or its return value is not iterable`;
  }
  const text = bare(v8Text(node));
  return text === undefined ? undefined : `${text} is not iterable`;
}

/**
 * How V8 prints the last spread argument of a call or `new` in its "x is not iterable (cannot
 * read property undefined)" (a null or undefined value): as v8Text, an optional chain as an
 * intermediate value; undefined when not known.
 */
function spreadArgumentText(node) {
  return node.type === 'ChainExpression' ? '(intermediate value)' : v8Text(node);
}

/**
 * A spread argument V8 spreads through its iterator path (another spread argument before it):
 * {text} for V8's message, the callee's text for a call (`...g()`, `...a.fn(1)`) and null for
 * anything else (H.ns prints the value), and {at}, where V8 places its TypeError (the name, the
 * property, a computed key's `[`, a literal, a call's callee name; undefined for other forms,
 * operators and optional chains). Undefined for a call of another callee (optional, computed),
 * whose instrumentation stays as for a last spread (finding H12-17).
 */
function iteratedSpreadForm(node, source) {
  const place = (n) => {
    if (n.type === 'Identifier' || n.type === 'Literal') return n.start;
    if (n.type === 'MemberExpression' && !n.optional && n.property.type !== 'PrivateIdentifier') {
      return n.computed ? source.indexOf('[', n.object.end) : n.property.start;
    }
    return undefined;
  };
  if (node.type === 'CallExpression') {
    if (node.optional || (node.callee.type === 'MemberExpression' && node.callee.computed)) return undefined;
    const at = place(node.callee);
    const text = v8Text(node.callee);
    return at === undefined || text === undefined || /[()]/.test(text) ? undefined : { text, at };
  }
  if (node.type === 'Literal' || node.type === 'Identifier') return { text: null, at: node.start };
  if (node.type === 'MemberExpression' && !hasOptional(node)) return { text: null, at: place(node) };
  // Anything else is printed by its value too; where V8 places it (its last recorded position:
  // an operator, 1:1 for an optional chain) is not followed: at undefined.
  return { text: null, at: undefined };
}

/** Whether a member chain has an optional link (`a?.b.c`). */
function hasOptional(node) {
  for (let n = node; n && (n.type === 'MemberExpression' || n.type === 'CallExpression'); n = n.type === 'MemberExpression' ? n.object : n.callee) {
    if (n.optional) return true;
  }
  return false;
}

/**
 * V8's TypeError for an object pattern that destructures `value` when it is null or undefined,
 * when a decision hook inside `value` (`a.x || a.y`, outside nested functions) would show in it:
 * {before} the text before "undefined."/"null." ("Cannot destructure property 'p' of '(a.x ||
 * a.y)' as it is "), and {at} where V8 places it (the first property's value, a first rest
 * element's name, else the pattern); undefined otherwise, or when V8 names no text there (a first
 * property with a default: "Cannot read properties of undefined (reading 'p')").
 */
function destructuringMessage(pattern, value) {
  if (pattern.type !== 'ObjectPattern' || !value) return undefined;
  const decision = anyNode(value, (n) => {
    if (n.type === 'LogicalExpression' || n.type === 'ConditionalExpression') return true;
    if (/^(FunctionExpression|ArrowFunctionExpression|ClassExpression)$/.test(n.type)) return false;
    return undefined;
  });
  const first = pattern.properties[0];
  if (!decision || (first && first.type === 'Property' && first.value.type === 'AssignmentPattern')) return undefined;
  const text = v8Text(value);
  if (text === undefined) return undefined;
  if (first && first.type === 'Property' && !first.computed) {
    const key = first.key.type === 'Identifier' ? first.key.name : first.key.type === 'Literal' && first.key.bigint === undefined ? String(first.key.value) : undefined;
    return key === undefined ? undefined : { before: `Cannot destructure property '${key}' of '${text}' as it is `, at: first.value.start };
  }
  return { before: `Cannot destructure '${text}' as it is `, at: first && first.type === 'RestElement' ? first.argument.start : pattern.start };
}

/**
 * A default parameter value the hooks can follow: literals, names, and object, array, template,
 * unary, binary and member expressions of them (no call, no decision, no function to name).
 */
function isPlainDefault(node) {
  switch (node.type) {
    case 'Literal':
      return !node.regex && node.bigint === undefined;
    case 'Identifier':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every(isPlainDefault);
    case 'ArrayExpression':
      return node.elements.every((e) => e !== null && e.type !== 'SpreadElement' && isPlainDefault(e));
    case 'ObjectExpression':
      return node.properties.every((p) => p.type === 'Property' && p.kind === 'init' && !p.method && !p.computed && isPlainDefault(p.value));
    case 'UnaryExpression':
      return node.operator !== 'delete' && isPlainDefault(node.argument);
    case 'BinaryExpression':
      return node.left.type !== 'PrivateIdentifier' && isPlainDefault(node.left) && isPlainDefault(node.right);
    case 'MemberExpression':
      return !node.optional && isPlainDefault(node.object) && (!node.computed || isPlainDefault(node.property));
    default:
      return false;
  }
}

/**
 * A value whose bytecode records no source position (literals, V8 folds `-1`, `!0`, `void 0`),
 * so that the trailing mark's read is the last position before an array pattern's iteration, and
 * its TypeError is placed at the pattern (positions.js): a name (`undefined` is a global read),
 * a member read or an operator would be the place instead.
 */
function unpositioned(node) {
  switch (node.type) {
    case 'Literal':
      return !node.regex && node.bigint === undefined;
    case 'TemplateLiteral':
      return node.expressions.length === 0;
    case 'UnaryExpression':
      return ['-', '+', '!', '~', 'void'].includes(node.operator) && node.argument.type === 'Literal' && !node.argument.regex && node.argument.bigint === undefined;
    case 'ArrayExpression':
      return node.elements.every((e) => e !== null && unpositioned(e));
    case 'ObjectExpression':
      return node.properties.every((p) => p.type === 'Property' && !p.computed && !p.shorthand && unpositioned(p.value));
    default:
      return false;
  }
}

/**
 * How the hooks mark that the default of a nested pattern (`{ tags: [t] = [] }`, `[[b] = []]`, a
 * parameter `[a, b] = []`, `{ o: { k } = { k: 1 } }`) was evaluated without changing the text V8
 * prints in the TypeError of a null or non-iterable value (checked in tests/trace/v8-text.test.js):
 * - 'trailing': an array pattern without a rest element whose default is an array literal of
 *   values with no source position (unpositioned) gets
 *   one more element, `[…, H.dq[site]]`, a read V8 does not name (a call or a wrapper there would
 *   be named: "H.dp is not iterable …"); the pattern reads no further than the literal's end, so
 *   the extra undefined element is never seen.
 * - 'value': an object pattern whose default is an object literal with a property: its last
 *   value is wrapped (`{k: H.dp(site,(1))}`), V8 prints any such literal as `{(intermediate value)}`.
 * undefined for anything else: `{ o: { k } = {} }` (V8 prints `{}`, which no hook keeps; directly
 * in a declaration over a name normalize.js decides it by a peek instead), a name or member
 * (printed as written), an array pattern with a rest element.
 */
function nestedDefaultMark(assignment) {
  const { left, right } = assignment;
  if (!isPlainDefault(right)) return undefined;
  if (left.type === 'ArrayPattern' && right.type === 'ArrayExpression' && !left.elements.some((e) => e && e.type === 'RestElement') && right.elements.every(unpositioned)) return 'trailing';
  if (left.type === 'ObjectPattern' && right.type === 'ObjectExpression' && right.properties.length > 0) return 'value';
  return undefined;
}

/**
 * A binding pattern the normalizer lowers exactly (normalize.js destructure): object patterns of
 * static keys and array patterns (holes allowed) whose targets are names (with a plain default
 * or not), nested such patterns (with a default only where nestedDefaultMark can mark it: V8
 * names a default's text in the TypeError of a null value, which a wrapper would change), and a
 * last rest element of a name.
 */
function isPlainPattern(pattern) {
  const plainTarget = (v) =>
    v.type === 'Identifier' ||
    ((v.type === 'ObjectPattern' || v.type === 'ArrayPattern') && isPlainPattern(v)) ||
    (v.type === 'AssignmentPattern' && v.left.type === 'Identifier' && isPlainDefault(v.right)) ||
    (v.type === 'AssignmentPattern' && nestedDefaultMark(v) !== undefined && isPlainPattern(v.left));
  const restLast = (list, i) => list[i].type === 'RestElement' && i === list.length - 1 && list[i].argument.type === 'Identifier';
  if (pattern.type === 'ArrayPattern') return pattern.elements.every((e, i, all) => e === null || restLast(all, i) || (e.type !== 'RestElement' && plainTarget(e)));
  if (pattern.type !== 'ObjectPattern') return false;
  return pattern.properties.length > 0 && pattern.properties.every((p, i, all) => restLast(all, i) || (p.type === 'Property' && !p.computed && plainTarget(p.value)));
}

/** Whether a function body uses its own `this` (not looking into nested non-arrow functions). */
function usesOwnThis(node) {
  return anyNode(node, (n) => {
    if (n.type === 'ThisExpression' || n.type === 'Super' || n.type === 'MetaProperty') return true;
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassExpression' || n.type === 'ClassDeclaration') return false;
    return undefined;
  });
}

/** Calls `visit` on `node` and every AST node below it, depth first; `visit` returning false skips what is below. */
function eachNode(node, visit) {
  if (!node || typeof node.type !== 'string' || visit(node) === false) return;
  for (const k of Object.keys(node)) {
    if (k === 'loc') continue;
    const child = node[k];
    if (Array.isArray(child)) child.forEach((c) => eachNode(c, visit));
    else if (child && typeof child.type === 'string') eachNode(child, visit);
  }
}

/**
 * Whether `test` holds somewhere in `node`: `test(n)` answers true or false for a node it can
 * decide (nothing inside it is looked at), or undefined to look at the node's children.
 */
function anyNode(node, test) {
  if (!node || typeof node.type !== 'string') return false;
  const verdict = test(node);
  if (verdict !== undefined) return verdict;
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      if (child.some((c) => anyNode(c, test))) return true;
    } else if (child && typeof child.type === 'string' && anyNode(child, test)) {
      return true;
    }
  }
  return false;
}

/** Whether `node` assigns or updates the name `name` (or has a pattern, an await or a nested function: then maybe). */
function assignsLocal(node, name) {
  return anyNode(node, (n) => {
    if (n.type === 'AssignmentExpression' && (n.left.type !== 'Identifier' ? n.left.type !== 'MemberExpression' : n.left.name === name)) return true;
    if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier' && n.argument.name === name) return true;
    if (/^(AwaitExpression|YieldExpression|FunctionExpression|ArrowFunctionExpression|ClassExpression)$/.test(n.type)) return true;
    return undefined;
  });
}

/** Whether `node` awaits (or yields) outside nested functions. */
function containsAwait(node) {
  return anyNode(node, (n) => {
    if (n.type === 'AwaitExpression' || n.type === 'YieldExpression') return true;
    if (/^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration|ClassExpression)$/.test(n.type)) return false;
    return undefined;
  });
}

module.exports = { anyNode, eachNode, containsAwait, assignsLocal, patternNames, collectVars, collectBlockFunctions, v8Text, spreadArgumentText, iteratedSpreadForm, destructuringMessage, notIterableMessage, forOfNotIterableMessage, lastPositioned, isPlainDefault, isPlainPattern, nestedDefaultMark, usesOwnThis };
