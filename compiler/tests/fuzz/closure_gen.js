// The differential fuzzer's closure programs: closures over consts and over written lets/vars (shared cells), chains of them, and array callbacks (arrows, closures, built-ins).
'use strict';

// FUZZ_GEN=closures makes node_side.js draw its programs here instead of from
// tests/trace/generator.js, whose expression generator (Gen) writes the bodies. The shape keeps
// to what the normalizer compiles (closures contract, section 1): every captured binding is a
// `const` or a parameter never assigned, declared before the closure, or one of the *cells* `s0`,
// `s1` (a let) and `sv` (a var), which closures and main both read and write (shared cells,
// docs/trace-ir.md section 4.2); `v0` is assigned by main only, and no closure reads it.

const { Gen } = require('../../../tests/trace/generator');

const HOSTS = ['map', 'filter', 'some', 'every', 'find', 'findIndex', 'forEach', 'findLast', 'findLastIndex', 'flatMap'];

/** A closure's body over `vars`: an expression, sometimes a block with a local and a return. */
function closureBody(r, vars, helpers, depth, cells = []) {
  const g = new Gen(r, vars, helpers);
  // Its own first parameter, and the cells it captures (shared with main and the other closures).
  g.assignable = [vars[0], ...cells.filter((c) => vars.includes(c))];
  if (r.chance(0.25)) {
    const init = g.expr(1); // before `w` exists: no read in its own temporal dead zone
    g.vars = [...vars, 'w'];
    g.assignable = ['w', ...cells.filter((c) => vars.includes(c))];
    return `{ let w = ${init}; if (${g.expr(1)}) w = ${g.expr(1)}; return ${g.expr(depth)}; }`;
  }
  const e = g.expr(depth);
  return e.startsWith('{') ? `(${e})` : e;
}

function generateClosureProgram(r) {
  const lines = ['function main(p) {', '  const o = {};', `  let v0 = p.${r.pick(['a', 'n', 's', 'list'])};`];
  const consts = [];
  const g = new Gen(r, ['p', 'v0'], []);
  g.assignable = ['v0'];
  for (let c = r.int(1, 3); c > 0; c--) {
    const name = `c${consts.length}`;
    g.vars = ['p', 'v0', 'o', ...consts];
    lines.push(`  const ${name} = ${g.expr(r.int(0, 2))};`);
    consts.push(name);
  }
  // Shared cells: lets and a var that closures capture and that are written (by them and main).
  const cells = [];
  if (r.chance(0.7)) {
    for (let c = r.int(1, 2); c > 0; c--) {
      const name = `s${cells.length}`;
      g.vars = ['p', 'v0', 'o', ...consts, ...cells];
      lines.push(`  let ${name} = ${g.expr(r.int(0, 1))};`);
      cells.push(name);
    }
    if (r.chance(0.3)) {
      g.vars = ['p', 'v0', 'o', ...consts, ...cells];
      lines.push(`  var sv = ${g.expr(0)};`);
      cells.push('sv');
    }
  }
  const seen = ['p', 'o', ...consts, ...cells]; // what closures may capture
  const helpers = [];
  if (cells.length > 0 && r.chance(0.4)) {
    // A counter kept by a closure a helper returns; another closure bumps a cell two levels down.
    lines.push(`  const mkc = (s) => { let n = s; return () => ++n; };`);
    lines.push(`  const cnt = mkc(${r.pick(cells)});`);
    lines.push(`  const deep = () => () => { ${r.pick(cells)} += 1; return cnt(); };`);
    lines.push(`  const bump = deep();`);
    helpers.push('cnt', 'bump');
  }
  if (r.chance(0.25)) {
    // A recursive arrow over its own const (its box made before it).
    lines.push(`  const rec = (n) => (n > 0 ? rec(n - 1) + ${r.pick(['1', "'x'", 'n'])} : ${cells.length ? r.pick(cells) : '0'});`);
    lines.push(`  const recv = rec(${r.int(0, 4)});`);
    consts.push('recv');
  }
  if (r.chance(0.3)) {
    // Closures over a for (let …; …; update) variable: one binding per iteration.
    lines.push(`  const per = [];`, `  for (let j = 0; j < 3; j++) { if (j === ${r.int(0, 2)}) continue; per.push(() => j${r.pick(['', '++', ' * 2'])}); }`);
    lines.push(`  const perv = per.map((f) => f());`);
    consts.push('perv');
  }
  if (cells.length > 0 && r.chance(0.4)) {
    // A nested function declaration over a cell (boxed at main's entry, before the let runs).
    const c = r.pick(cells);
    lines.push(`  function tick(d) { ${c} = ${c} + d; return ${c}; }`);
    helpers.push('tick');
  }
  for (let f = r.int(1, 3); f > 0; f--) {
    const name = `f${helpers.length}`;
    const params = r.pick([['q'], ['q', 'i'], ['q', 'i', 'arr']]);
    const body = closureBody(r, [...params, ...seen], helpers.slice(), 2, cells);
    lines.push(`  const ${name} = (${params.join(', ')}) => ${body};`);
    helpers.push(name);
    // A closure that makes closures: the inner one captures the outer's parameter and consts.
    if (r.chance(0.3)) {
      const maker = `mk${helpers.length}`;
      lines.push(`  const ${maker} = (a) => (b) => ${closureBody(r, ['b', 'a', ...seen], helpers.slice(), 1, cells)};`);
      lines.push(`  const ${name}m = ${maker}(${g.expr(1)});`);
      helpers.push(`${name}m`);
    }
  }
  const arrays = ['p.list', `[${g.expr(1)}, ${g.expr(1)}, ${g.expr(1)}]`, `[${g.expr(1)}, , ${g.expr(1)}]`, '[]', `[c0, ${g.expr(1)}]`];
  const results = [];
  for (let k = r.int(1, 4); k > 0; k--) {
    const name = `r${results.length}`;
    const xs = r.pick(arrays);
    const host = r.pick([...HOSTS, 'reduce', 'reduceRight']);
    let cb;
    if (r.chance(0.15)) cb = r.pick(['String', 'Boolean', 'Number', 'parseInt', 'Math.abs', 'Math.max', 'JSON.stringify']);
    else if (r.chance(0.4)) cb = r.pick(helpers);
    else {
      const params = host.startsWith('reduce') ? ['acc', 'q'] : r.pick([['q'], ['q', 'i']]);
      cb = `(${params.join(', ')}) => ${closureBody(r, [...params, ...seen], helpers.slice(), 2, cells)}`;
    }
    const init = host.startsWith('reduce') && r.chance(0.7) ? `, ${g.expr(1)}` : '';
    lines.push(`  const ${name} = ${xs}.${host}(${cb}${init});`);
    results.push(name);
  }
  g.vars = ['p', 'v0', 'o', ...consts, ...cells, ...results];
  g.assignable = ['v0', ...cells];
  g.helpers = helpers;
  for (const l of g.block(2, 1)) lines.push(`  ${l}`);
  if (r.chance(0.3)) lines.push(`  console.log(${r.pick(helpers)}, [${r.pick(helpers)}]);`);
  lines.push(`  return { v0, ${[...consts, ...cells].join(', ')}, ${results.join(', ')}, t: ${g.expr(2)} };`, '}');
  return `${lines.join('\n')}\n`;
}

module.exports = { generateClosureProgram };
