// Generates random small actions over the normalizer's supported subset (and a little beyond), for the instrumented-vs-plain test.
'use strict';

const BINARY = ['+', '-', '*', '/', '%', '**', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&', '|', '^', '<<', '>>', '>>>'];
const UNARY = ['!', '-', '+', '~', 'typeof ', 'void '];
const STRINGS = ["'a'", "''", "'10'", "'x y'", "'Ab'", '"é"'];
const NUMBERS = ['0', '1', '2', '(-1)', '1.5', '10', 'NaN', 'Infinity', '0.1', '3'];
const FIELDS = ['a', 'b', 'c', 'n', 's', 'list', 'obj'];

/**
 * One program: helper functions h0..hk (each may call the ones before it, so nothing recurses
 * forever), then main(p). Loops are bounded by counters no other statement assigns. With
 * `moduleLets`, the program starts with module-level `let m0, m1` that main and the helpers read
 * and write (assignments, compound and logical assignments, `++`, destructuring): state that
 * lives on from one activation to the next (docs/trace-ir.md section 5, setmod in a function).
 */
function generateProgram(r, { moduleLets = false } = {}) {
  const lines = [];
  const helpers = [];
  const mods = moduleLets ? ['m0', 'm1'] : [];
  if (moduleLets) lines.push(`let m0 = ${r.pick(NUMBERS)}, m1 = ${r.pick(['null', "'s'", '[]', '0'])};`);
  const nHelpers = r.int(0, 3);
  for (let k = 0; k < nHelpers; k++) {
    if (r.chance(0.15)) {
      // An arrow helper, or one with an empty body.
      const g = new Gen(r, ['p', 'x', ...mods], helpers.slice());
      lines.push(r.pick([`const h${k} = (p, x) => ${g.expr(2)};`, `function h${k}(p, x) {}`, `const h${k} = function named${k}(p, x) { return typeof named${k} + ${g.expr(1)}; };`]));
      helpers.push(`h${k}`);
      continue;
    }
    const g = new Gen(r, ['p', 'x', 'y', ...mods], helpers.slice());
    const body = g.block(2, 1);
    const signature = r.pick(['p, x', 'p, x = 1', "p, x = 'd'", '{ a, b: x }']);
    lines.push(`function h${k}(${signature}) {`, signature.startsWith('{') ? '  let y = x, p = a;' : '  let y = x;', '  const o = {};', ...body.map((l) => `  ${l}`), `  return ${g.expr(2)};`, '}');
    helpers.push(`h${k}`);
  }
  if (r.chance(0.3)) lines.push(`const K = ${r.pick(NUMBERS)};`);
  if (r.chance(0.3)) {
    // A table of methods, called as T.m(...).
    const g = new Gen(r, ['p', 'x'], helpers.slice());
    lines.push(`const T = { m(p, x) { return ${g.expr(2)}; }, n: (p, x) => ${g.expr(1)} };`);
    helpers.push('T.m', 'T.n');
  }
  const g = new Gen(r, ['p', 'v0', 'v1', 'v2'], helpers, lines.some((l) => l.startsWith('const K')));
  lines.push('function main(p) {');
  // Initializers read only what is declared before them (else most runs stop at a TDZ error).
  g.vars = ['p', 'v0', ...mods];
  g.assignable = ['v0', ...mods];
  const v1 = g.expr(1);
  g.vars = ['p', 'v0', 'v1', ...mods];
  g.assignable = ['v0', 'v1', ...mods];
  const v2 = g.expr(2);
  g.vars = ['p', 'v0', 'v1', 'v2', ...mods];
  g.assignable = ['v0', 'v1', 'v2', ...mods];
  lines.push(`  let v0 = p.${r.pick(FIELDS)};`, `  let v1 = ${v1};`, `  let v2 = ${v2};`, '  const o = {};');
  for (const l of g.block(3, 1)) lines.push(`  ${l}`);
  lines.push(`  return { v0, v1, v2, o, r: ${g.expr(2)}${moduleLets ? ', m0, m1' : ''} };`, '}');
  // Sometimes without semicolons: automatic semicolon insertion must see the same lines instrumented.
  const text = r.chance(0.3) ? lines.map((l) => l.replace(/;$/, '')) : lines;
  return `${text.join('\n')}\n`;
}

class Gen {
  constructor(r, vars, helpers, hasK = false) {
    this.r = r;
    this.vars = vars;
    this.assignable = vars.filter((v) => v !== 'p');
    this.helpers = helpers;
    this.hasK = hasK;
    this.counter = 0;
    this.labels = [];
    this.loops = 0;
  }

  atom() {
    const r = this.r;
    switch (r.int(0, 5)) {
      case 0:
        return r.pick(NUMBERS);
      case 1:
        return r.pick(STRINGS);
      case 2:
        return r.pick(['true', 'false', 'null', 'undefined']);
      case 3:
        return `p.${r.pick(FIELDS)}`;
      case 4:
        return this.hasK && r.chance(0.3) ? 'K' : r.pick(this.vars);
      default:
        return r.pick(this.vars);
    }
  }

  expr(depth) {
    const r = this.r;
    if (depth <= 0) return this.atom();
    const e = () => this.expr(depth - 1);
    switch (r.int(0, 22)) {
      case 22: {
        // Closures (over p, a parameter never assigned) and callbacks of the callback hosts.
        const inner = new Gen(r, ['q', 'i', 'p'], this.helpers);
        const body = () => `(${inner.expr(Math.max(depth - 1, 1))})`; // an object literal needs the parentheses
        const array = r.pick([`[${e()}, ${e()}, ${e()}]`, `[${e()}, , ${e()}]`, 'p.list', `[${e()}]`]);
        return r.pick([
          `${array}.${r.pick(['map', 'filter', 'some', 'every', 'find', 'findIndex', 'forEach', 'findLast', 'findLastIndex', 'flatMap'])}((q, i) => ${body()})`,
          `${array}.${r.pick(['reduce', 'reduceRight'])}((q, i) => ${body()}${r.chance(0.7) ? `, ${e()}` : ''})`,
          `((q, i) => ${body()})(${e()})`,
          `${array}.map(function (q) { return ${body()}; })`,
          // Patterns in callback parameters (normalize.js destructure) and rest parameters.
          `Object.entries(${r.pick(['p', 'p.obj', `{ k: ${e()} }`])}).${r.pick(['map', 'filter', 'forEach'])}(([q, i]) => ${body()})`,
          `${array}.map(([q, , ...i]) => ${body()})`,
          `${array}.map(({ k: q = 1, ...i }) => ${body()})`,
          `((q, ...i) => ${body()})(${e()}, ${e()}, ${e()})`,
        ]);
      }
      case 20:
        return r.pick([
          `p.${r.pick(FIELDS)}()`,
          `String(${e()}).${r.pick(['nope()', 'trim().nope(1)', 'trim().toLowerCase()'])}`,
          `(p.${r.pick(FIELDS)} ${r.pick(['||', '??', '+'])} 'x').${r.pick(['toUpperCase()', 'nope()', 'length', 'trim()'])}`,
          `p.${r.pick(FIELDS)}[0].${r.pick(['toString()', 'nope()', 'valueOf()'])}`,
          `[p.a, ${e()}].${r.pick(['join()', 'nope(1)', 'indexOf(1)'])}`,
          `(v1 * 2 + 1).${r.pick(['toFixed(1)', 'nope()'])}`,
          `p.${r.pick(FIELDS)}?.${r.pick(['toString()', 'nope()', 'trim()', 'join(\'-\')'])}`,
          `[...(p.${r.pick(FIELDS)} ${r.pick(['||', '??', '&&'])} ${r.pick(["'ab'", '[1]', 'p.s'])})]`,
          `(p.${r.pick(FIELDS)} ? ${e()} : ${e()}).${r.pick(['toString()', 'nope()', 'trim()'])}`,
          `(p.${r.pick(FIELDS)} || p.${r.pick(FIELDS)})(${e()})`,
          `(p.${r.pick(FIELDS)} ? ${r.pick(this.helpers.length > 0 ? this.helpers : ['Math.abs'])} : p.${r.pick(FIELDS)})?.(${e()})`,
          `String(p.${r.pick(FIELDS)}).${r.pick(['at', 'padEnd', 'nope', 'concat'])}?.(${e()})`,
          `p.${r.pick(FIELDS)}?.${r.pick(['k', 'length', 's'])}?.${r.pick(['toString()', 'nope()', 'trim?.()', 'at?.(0)', 'toFixed?.(1)'])}`,
          `p.${r.pick(FIELDS)}.${r.pick(['trim', 'nope', 'toString', 'join'])}?.()`,
        ]);
      case 21:
        return `${r.pick(this.helpers.length > 0 ? this.helpers : ['Math.abs'])}(${e()}${r.chance(0.5) ? '' : `, ${e()}`})`;
      case 18:
        return `p${r.pick(['?.obj?.k', '.obj?.k', '?.list?.length', '.n?.[0]'])}`;
      case 19:
        return `(${e()})?.${r.pick(['length', 'k', 'x'])}`;
      case 0:
      case 1:
        return `(${e()} ${r.pick(BINARY)} ${e()})`;
      case 2:
        return `(${r.pick(UNARY)}${e()})`;
      case 3:
        return `(${e()} ${r.pick(['&&', '||', '??'])} ${e()})`;
      case 4:
        return `(${e()} ? ${e()} : ${e()})`;
      case 5:
        return `\`t${'${'}${e()}}-${'${'}${e()}}\``;
      case 6:
        return `[${e()}, ${e()}]`;
      case 7:
        return `{ k: ${e()}, [${e()}]: ${e()} }`;
      case 8:
        return this.helpers.length > 0 ? `${r.pick(this.helpers)}(${e()}, ${e()})` : `Math.max(${e()}, ${e()})`;
      case 9:
        return `${r.pick(['Math.floor', 'Math.abs', 'String', 'Number', 'Boolean', 'JSON.stringify', 'Math.sqrt'])}(${e()})`;
      case 10:
        return `String(${e()}).${r.pick(['toUpperCase()', 'trim()', 'slice(1)', "split('')", "padStart(3, '0')", 'charCodeAt(0)'])}`;
      case 11:
        return `[${e()}, ${e()}, ${e()}].${r.pick(['join()', "join('-')", 'indexOf(1)', 'length', 'slice(1)', 'includes(2)'])}`;
      case 12:
        return `(${r.pick(this.assignable)} = ${e()})`;
      case 13:
        return `(${r.pick(this.assignable)}${r.pick(['++', '--'])})`;
      case 14:
        return `o.${r.pick(['k', 'm', 'n'])}`;
      case 15:
        return `${e()}[${r.pick(["'length'", '0', "'k'", '1'])}]`;
      case 16:
        return `(${e()}, ${e()})`;
      default:
        return this.atom();
    }
  }

  block(depth, n) {
    const out = [];
    const count = this.r.int(1, n + 2);
    for (let i = 0; i < count; i++) out.push(...this.statement(depth));
    return out;
  }

  indent(lines) {
    return lines.map((l) => `  ${l}`);
  }

  statement(depth) {
    const r = this.r;
    const v = r.pick(this.assignable);
    const choice = depth <= 0 ? r.int(0, 5) : r.int(0, 18);
    switch (choice) {
      case 0:
        if (this.assignable.length >= 2 && r.chance(0.1)) {
          // A destructuring assignment (a leading `;`: the line may follow one without a semicolon).
          const [x, y] = [r.pick(this.assignable), r.pick(this.assignable)];
          if (x !== y) return [`;[${x}, ${y}] = [${y}, ${this.expr(1)}];`];
        }
        return [`${v} = ${this.expr(2)};`];
      case 1:
        return [`${v} ${r.pick(['+=', '-=', '*=', '|=', '&=', '||=', '&&=', '??='])} ${this.expr(1)};`];
      case 2:
        return [`${v}${r.pick(['++', '--'])};`];
      case 3:
        if (r.chance(0.15)) return [`o[${this.expr(1)}] ${r.pick(['||=', '&&=', '??='])} ${this.expr(1)};`];
        return r.chance(0.2) ? [`o.${r.pick(['k', 'm', 'n'])} ${r.pick(['||=', '&&=', '??='])} ${this.expr(1)};`] : [`o[${this.expr(1)}] = ${this.expr(1)};`];
      case 4:
        if (r.chance(0.1)) {
          // Annex B: a function declared in a block is also a var of the function (sloppy code).
          const f = `bf${this.counter++}`;
          if (r.chance(0.5)) return [`if (${this.expr(1)}) { console.log(${f}(${this.expr(1)})); function ${f}(q) { return [q]; } }`];
          return [`if (${this.expr(1)}) { function ${f}() { return 1; } }`, `console.log(typeof ${f});`];
        }
        return [`console.log(${this.expr(1)}, ${this.expr(1)});`];
      case 5:
        return this.loops > 0 && r.chance(0.5) ? [`if (${this.expr(1)}) ${r.pick(['break', 'continue'])};`] : [`o.k = ${this.expr(1)};`];
      case 6:
      case 7:
        return [`if (${this.expr(2)}) {`, ...this.indent(this.block(depth - 1, 2)), '} else {', ...this.indent(this.block(depth - 1, 1)), '}'];
      case 8:
        return [`if (${this.expr(2)}) {`, ...this.indent(this.block(depth - 1, 2)), '}'];
      case 9: {
        const i = `i${this.counter++}`;
        return this.loop(depth, (body) => [`for (let ${i} = 0; ${i} < ${r.int(0, 3)}; ${i}++) {`, ...body, '}']);
      }
      case 10: {
        const w = `w${this.counter++}`;
        return this.loop(depth, (body) => [`let ${w} = 0;`, `while (${w}++ < ${r.int(0, 3)} && ${this.expr(1)}) {`, ...body, '}']);
      }
      case 11: {
        const d = `d${this.counter++}`;
        return this.loop(depth, (body) => [`let ${d} = 0;`, 'do {', ...body, `} while (${d}++ < ${r.int(0, 2)} && ${this.expr(1)});`]);
      }
      case 12:
        return [`if (${this.expr(1)}) return ${this.expr(1)};`];
      case 13:
        return r.chance(0.3) ? [`if (${this.expr(1)}) throw ${this.expr(1)};`] : [`${v} = ${this.expr(1)} ?? ${this.expr(1)};`];
      case 15: {
        const x = `x${this.counter++}`;
        this.vars.push(x);
        const head = `for (const ${x} of ${r.pick(['p.list', `[${this.expr(1)}, ${this.expr(1)}]`, '[]', 'p.s'])}) {`;
        const lines = this.loop(depth, (body) => [head, ...body, '}']);
        this.vars.pop();
        return lines;
      }
      case 18: {
        const z = `z${this.counter++}`;
        const w = `w${this.counter++}`;
        const source = r.pick(['p', 'p.obj', 'o', `{ k: ${this.expr(1)} }`]);
        if (r.chance(0.3)) return [`const { k: ${w}, ...${z} } = ${source};`, `console.log(${z}, ${w});`];
        if (r.chance(0.3)) return [`const [${z} = ${r.pick(NUMBERS)}, , ...${w}] = ${r.pick(['p.list', 'p.s', `[${this.expr(1)}, , 3]`, 'p.n'])};`, `console.log(${z}, ${w});`];
        // Defaults of nested patterns (proxy/trace/syntax.js nestedDefaultMark).
        if (r.chance(0.2)) return [`const { ${r.pick(FIELDS)}: [${z}, ${w} = ${r.pick(NUMBERS)}] = [${r.chance(0.5) ? '' : r.pick([...NUMBERS, ...STRINGS])}] } = ${source};`, `console.log(${z}, ${w});`];
        if (r.chance(0.2)) return [`const [{ k: ${z}, j: ${w} = 1 } = { k: ${this.expr(1)} }] = [${r.pick(['p.obj', 'p.n', 'undefined', 'o'])}];`, `console.log(${z}, ${w});`];
        if (r.chance(0.2)) return [`const { ${r.pick(FIELDS)}: { k: ${z} = 1 } = {}, ${r.pick(FIELDS)}: ${w} } = ${source};`, `console.log(${z}, ${w});`];
        return [`const { ${r.pick(FIELDS)}: ${z} = ${r.pick([...NUMBERS, ...STRINGS])}, k: ${w} } = ${source};`, `console.log(${z}, ${w});`];
      }
      case 17: {
        const k = `k${this.counter}`;
        const v = `e${this.counter++}`;
        this.vars.push(k, v);
        const head = r.chance(0.3)
          ? `for (const { k: ${k} = 0, ...${v} } of [${r.pick(['o', 'p', 'p.obj', '{ k: 2, j: 3 }'])}, ${r.pick(['o', 'p.obj', '{}'])}]) {`
          : `for (const [${k}, ${v}] of Object.entries(${r.pick(['o', 'p', 'p.obj', '[1, 2]'])})) {`;
        const lines = this.loop(depth, (body) => [head, ...body, '}']);
        this.vars.length -= 2;
        return lines;
      }
      case 16: {
        const clauses = [];
        for (let i = r.int(1, 4); i > 0; i--) {
          const test = r.chance(0.2) ? 'default' : `case ${r.pick([...NUMBERS, ...STRINGS, 'true', 'null'])}`;
          const body = this.block(depth - 1, 1);
          if (r.chance(0.5)) body.push('break;');
          clauses.push(`  ${test}:`, ...this.indent(this.indent(body)));
        }
        const seen = new Set();
        const unique = clauses.filter((l) => !/^  (default|case)/.test(l) || !seen.has(l.trim()) && seen.add(l.trim()));
        return [`switch (${this.expr(1)}) {`, ...unique, '}'];
      }
      default: {
        const label = `L${this.counter++}`;
        const i = `i${this.counter++}`;
        this.labels.push(label);
        this.loops++;
        const body = this.block(depth - 1, 1);
        this.loops--;
        this.labels.pop();
        return [`${label}: for (let ${i} = 0; ${i} < 2; ${i}++) {`, `  if (${this.expr(1)}) ${r.pick(['break', 'continue'])} ${label};`, ...this.indent(body), '}'];
      }
    }
  }

  loop(depth, wrap) {
    this.loops++;
    const body = this.indent(this.block(depth - 1, 1));
    this.loops--;
    return wrap(body);
  }
}

/** Parameters for the generated programs: every field of FIELDS, of mixed types. */
function generateInput(r) {
  const pick = () => r.pick([0, 1, -2, 2.5, 'a', '', '7', true, false, null, undefined, [1, 2], { k: 1 }, NaN]);
  const p = {};
  for (const f of FIELDS) if (r.chance(0.8)) p[f] = pick();
  return p;
}

module.exports = { generateProgram, generateInput, Gen };
