// The differential fuzzer's closure programs: closures over consts (and chains of them) and array callbacks (arrows, closures, built-ins).
'use strict';

// FUZZ_GEN=closures makes node_side.js draw its programs here instead of from
// tests/trace/generator.js, whose expression generator (Gen) writes the bodies. The shape keeps
// to what the normalizer compiles (closures contract, section 1): every captured binding is a
// `const` or a parameter never assigned, declared before the closure; only `v0` is assigned, and
// no closure reads it.

const { Gen } = require('../../../tests/trace/generator');

const HOSTS = ['map', 'filter', 'some', 'every', 'find', 'findIndex', 'forEach', 'findLast', 'findLastIndex', 'flatMap'];

/** A closure's body over `vars`: an expression, sometimes a block with a local and a return. */
function closureBody(r, vars, helpers, depth) {
  const g = new Gen(r, vars, helpers);
  g.assignable = [vars[0]]; // its own first parameter only: a captured binding is never written
  if (r.chance(0.25)) {
    const init = g.expr(1); // before `w` exists: no read in its own temporal dead zone
    g.vars = [...vars, 'w'];
    g.assignable = ['w'];
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
  const seen = ['p', 'o', ...consts]; // what closures may capture
  const helpers = [];
  for (let f = r.int(1, 3); f > 0; f--) {
    const name = `f${helpers.length}`;
    const params = r.pick([['q'], ['q', 'i'], ['q', 'i', 'arr']]);
    const body = closureBody(r, [...params, ...seen], helpers.slice(), 2);
    lines.push(`  const ${name} = (${params.join(', ')}) => ${body};`);
    helpers.push(name);
    // A closure that makes closures: the inner one captures the outer's parameter and consts.
    if (r.chance(0.3)) {
      const maker = `mk${helpers.length}`;
      lines.push(`  const ${maker} = (a) => (b) => ${closureBody(r, ['b', 'a', ...seen], helpers.slice(), 1)};`);
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
      cb = `(${params.join(', ')}) => ${closureBody(r, [...params, ...seen], helpers.slice(), 2)}`;
    }
    const init = host.startsWith('reduce') && r.chance(0.7) ? `, ${g.expr(1)}` : '';
    lines.push(`  const ${name} = ${xs}.${host}(${cb}${init});`);
    results.push(name);
  }
  g.vars = ['p', 'v0', 'o', ...consts, ...results];
  g.helpers = helpers;
  for (const l of g.block(2, 1)) lines.push(`  ${l}`);
  if (r.chance(0.3)) lines.push(`  console.log(${r.pick(helpers)}, [${r.pick(helpers)}]);`);
  lines.push(`  return { v0, ${consts.join(', ')}, ${results.join(', ')}, t: ${g.expr(2)} };`, '}');
  return `${lines.join('\n')}\n`;
}

module.exports = { generateClosureProgram };
