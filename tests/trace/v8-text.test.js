// Checks syntax.js v8Text against V8 itself: the "x is not a function" and "x is not iterable" texts the hooks reproduce must be V8's, for this Node.js.
'use strict';

const assert = require('node:assert/strict');
const acorn = require('acorn');
const { test } = require('node:test');
const { v8Text, notIterableMessage } = require('../../proxy/trace/syntax');

// Evaluated in this scope: the receivers below read these.
const p = { a: '', b: 0, s: 'x', xs: [[1], [2]], n: 2.5, o: { k: 1 } }; // eslint-disable-line no-unused-vars
const i = 1; // eslint-disable-line no-unused-vars
const x = 3; // eslint-disable-line no-unused-vars
const y = 4; // eslint-disable-line no-unused-vars
const f = () => 5; // eslint-disable-line no-unused-vars

const RECEIVERS = [
  'p', 'p.o', 'p.xs[i]', 'p.xs[0]', "p['o']", 'p.o.k', "(p.a || 'get')", '(x * y + 1)', '(x - -y)', '(!x)', '(typeof p)', '[1, 2]',
  '(1.50)', '(p.a ?? p.s)', '(x in p)', '(x << 2)', '(p.n % 2)', '(void 0 || p.s)', '[p.s, x]', "('a' + p.s)", '(x > y)', '(+p.s)',
  '(~x)', '(1e21)', '(-0 || x)', '(0.1 + 0.2)', 'f()', 'p.o.k.toString()', "'abc'", 'true', '(null || p)', '(x === y)', '(p.a && p.b)',
  '(x != y)', '(x !== y)', '(x >= y)', '(x instanceof Object)', '(x ** y)', '(x >>> 1)', '(x && y || p)', '(void x)', '[p.a, (x != y)]',
  '(x < y != p.b)', '(p.s !== p.a === true)', '(x + y + 1)', '((x + y) + 1)', '(x + (y + 1))', '(x - y - 1)', '(x + y - 1)',
  '(p.a && p.b && x)', '((p.a && p.b) && x)', '(p.a || p.b || x)', '(p.a ?? p.b ?? x)', '((p.a ?? p.b) ?? x)', '((p.a && x) || y)', '(x == y == x)',
  '(x ** y ** x)', '((x ** y) ** x)', '(x * y * x)', '(x | y | 1)', '(x << y << 1)',
  "(p.a ? 'x' : 'y')", '(x ? (y ? p : p.o) : p.s)', '[-1]', '[-0, -1.5, +2, !1, ~x, ~1, !p.s]', "[-'a', typeof 1, void 0]",
  'new Date(0)', '(new Date)', '(new Date(x) + 1)', '[new Date(p.b)]', 'new Date(0).getTime()',
  '[1, , 3]', '[, , 1]', '[1, ,]', '[,]', '[p.s, , [x, , y]]',
];

function parse(code) {
  return acorn.parse(code, { ecmaVersion: 'latest' }).body[0];
}

test('v8Text names callees as V8 does, or declines', () => {
  let named = 0;
  for (const receiver of RECEIVERS) {
    const code = `${receiver}.nope()`;
    let message;
    try {
      eval(code); // eslint-disable-line no-eval
    } catch (error) {
      message = error.message;
    }
    const mine = v8Text(parse(code).expression.callee);
    // A nullish receiver throws while reading the method, before any hook: nothing to compare.
    if (mine === undefined || !message.endsWith(' is not a function')) continue;
    named++;
    assert.equal(`${mine} is not a function`, message, code);
  }
  assert.ok(named >= 20, `v8Text named only ${named} callees`);
});

test('notIterableMessage gives V8\'s for...of message, or declines', () => {
  // V8 prints a call there as its callee alone (`s.trim().charCodeAt(0)`: "s.trim.charCodeAt …").
  for (const iterable of ['p.n', 'p.o', 'p.o.k', 'p[i]', 'x', 'f()', 'p.o.k.valueOf()', 'p.xs[0][5]', 'p.s.trim().charCodeAt(0)', 'String(x).charCodeAt(0)', 'p.o.k.toString().length', 'f().k']) {
    const code = `for (const z of ${iterable});`;
    let message;
    try {
      eval(code); // eslint-disable-line no-eval
    } catch (error) {
      message = error.message;
    }
    const mine = notIterableMessage(parse(code).right);
    if (mine !== undefined) assert.equal(mine, message, code);
  }
});

test('v8Text agrees with V8 on random receivers (the generator\'s expressions)', () => {
  const { Gen } = require('./generator');
  const { prng } = require('./lib');
  const seed = Number(process.env.TRACE_SEED || 4242);
  const r = prng(seed);
  // Each evaluation in a fresh scope, so that a receiver's own assignments do not carry over.
  const run = (body) => {
    try {
      new Function('p', 'x', 'y', 'o', 'v1', body)({ a: 1, b: 'b', c: null, n: 2.5, s: ' s ', list: [1, 2], obj: { k: 1 } }, 3, 'y', {}, 2);
      return undefined;
    } catch (error) {
      return error;
    }
  };
  let compared = 0;
  for (let n = 0; n < 1500; n++) {
    const receiver = new Gen(r, ['p', 'x', 'y'], []).expr(r.int(0, 3));
    const code = `(${receiver}).nope()`;
    let callee;
    try {
      callee = parse(code).expression.callee;
    } catch {
      continue; // the generator wrote something acorn refuses
    }
    const mine = v8Text(callee);
    if (mine === undefined || run(`return (${receiver});`) !== undefined) continue; // only the outer call may throw
    const error = run(`${code};`);
    if (!error || !String(error.message).endsWith(' is not a function')) continue;
    compared++;
    assert.equal(`${mine} is not a function`, error.message, `${code} (seed ${seed})`);
  }
  assert.ok(compared > 100, `only ${compared} receivers compared`);
});

test('notIterableMessage gives V8\'s message for an array literal\'s spread too, or declines', () => {
  let named = 0;
  for (const spread of ['p.n', 'p.o', 'p.o.k', 'x', 'f()', "(p.b ? 1 : 'x'.length)", '(p.b || 2)', '(p.a ?? p.b)', '(p.b && p)', 'p.s.trim().charCodeAt(0)', '(p.b || p.s.trim().charCodeAt(0))']) {
    const code = `[...${spread}];`;
    let message;
    try {
      eval(code); // eslint-disable-line no-eval
    } catch (error) {
      message = error.message;
    }
    const mine = notIterableMessage(parse(code).expression.elements[0].argument);
    if (mine === undefined || message === undefined) continue;
    named++;
    assert.equal(mine, message, code);
  }
  assert.ok(named >= 6, `named only ${named}`);
});

test('a call for...of iterates or an array pattern destructures keeps V8\'s TypeError text and position instrumented (G1)', async () => {
  const { runAction } = require('./lib');
  const cases = [
    'for (const t of p.s.split()) ;',
    'const g = p.n; for (const t of g(1)) ;',
    'const g = p.n; const [z] = g();',
    'const o = p.o; let z; [z] = o.k();',
    'for (const t of p.o.k.x()) ;',
    'const [z] = p.s.trim().nope();',
    'for (const t of p.s.trim().charCodeAt(0)) ;',
    'for (const t of String(1).charCodeAt(0)) ;',
    'const [z, w] = p.xs.slice(1);',
  ];
  const P = { xs: [null, 5, 6], n: 5, s: 'x', o: { k: 1 } };
  for (const c of cases) {
    const code = `function main(p) {\n ${c} return 1; }`;
    const plain = await runAction(code, [P, P], { columns: true });
    const traced = await runAction(code, [P, P], { traced: true, columns: true });
    assert.deepEqual(traced.records, plain.records, c);
  }
});

test('the marks of nested pattern defaults keep V8\'s TypeError text and position instrumented', async () => {
  const { runAction } = require('./lib');
  const { normalizeProgram } = require('../../proxy/trace/normalize');
  // Each pattern destructures p.v; its default is marked (syntax.js nestedDefaultMark), not refused.
  const cases = [
    'const { v: [a, b = 2] = [] } = p; return [a, b];',
    'const [[a] = [1, -2]] = [p.v]; return a;',
    'const { v: [[a] = [3], b] = [[4], 5] } = p; return [a, b];',
    'function f([a, b] = [2.5]) { return [a, b]; } return f(p.v);',
    'const g = ([a] = []) => a; return g(p.v);',
    'function h(x, [a, b] = [1]) { return a; } return [p.v].map((v) => h(1, v));',
    'return [p.v].map(function ([a] = []) { return a; });',
    'let a; [[a] = ["x"]] = [p.v]; return a;',
    'let s = 0; for (const [x, [y] = [2]] of [[1, p.v]]) s += x + y; return s;',
    'const { v: { k, m = 1 } = { k: p.n } } = p; return [k, m];',
    'const [{ k } = { k: 2, j: 3 }] = [p.v]; return k;',
    // An empty object literal directly in a declaration over a name: decided by a peek (H.pd).
    'const { v: { k } = {}, n } = p; return [k, n];',
    'let { n, v: { k, ...r } = {} } = p; return [k, r, n];',
    // Parentheses, trailing commas, comments and shorthand properties in the defaults.
    'const k = 3; const { v: [a, b = 2] = [(-2), ] } = p; const [{ k: c } = { k }] = [p.v]; return [a, b, c];',
    'const [[a, b] = [ /* none, */ ]] = [p.v]; const { v: [c] = [(1) // one\n] } = p; return [a, b, c];',
    'const q = { get v() { return p.v; } }; var { v: { k } = {} } = q; return k;',
  ];
  const values = [undefined, null, 5, true, 'xy', [7, [8]], {}, { k: 9 }, [[null]], [null, 1]];
  const inputs = values.map((v) => ({ v, n: 2.5 }));
  for (const c of cases) {
    const code = `function main(p) {\n ${c} }`;
    const { program } = normalizeProgram(code);
    assert.ok(!JSON.stringify(program).includes('default of a nested'), `${c} is not normalized`);
    const plain = await runAction(code, inputs, { columns: true });
    const traced = await runAction(code, inputs, { traced: true, columns: true });
    assert.deepEqual(traced.records, plain.records, c);
    assert.ok(plain.records.some((r) => r.error && r.error.name === 'TypeError'), `${c}: no TypeError compared`);
  }
});

test('optional chains with several links, optional calls without arguments and called optional calls keep V8\'s text and position instrumented', async () => {
  const { runAction } = require('./lib');
  const cases = [
    'return p.u?.name?.trim();',
    'return p.u?.name?.trim?.();',
    'return p.u?.f?.(1);',
    'const o = p.u; return o?.f?.();',
    'return p.s.nope?.();',
    'return p.s?.at?.(0);',
    'return p.u?.g?.(1)(2);',
    'const f = p.u?.f; return f?.()?.k;',
  ];
  // q.u names the value of p.u: JSON inputs hold no functions, so main builds them.
  const prelude = "const fns = { name: ' a ', f: () => ({ k: 1 }), g: (x) => (y) => x + y }; const p = { s: q.s, u: q.u === 'fns' ? fns : q.u };";
  const inputs = [undefined, null, {}, 'fns', { name: 5, f: 5, g: 1 }, { name: {}, f: 'str', g: {} }, { name: null, f: null }].map((u) => ({ s: 'x', u }));
  let errors = 0;
  for (const c of cases) {
    const code = `function main(q) {\n ${prelude}\n ${c} }`;
    const plain = await runAction(code, inputs, { columns: true });
    const traced = await runAction(code, inputs, { traced: true, columns: true });
    assert.deepEqual(traced.records, plain.records, c);
    assert.equal(traced.tracing.reason, undefined, c);
    errors += plain.records.filter((r) => r.error && r.error.name === 'TypeError').length;
  }
  assert.ok(errors >= 8, `only ${errors} TypeErrors compared`);
});

test('spreadArgumentText gives V8\'s text for a call\'s last spread argument of undefined or null, or declines', () => {
  const { spreadArgumentText } = require('../../proxy/trace/syntax');
  const q = { u: undefined, n: null, o: { f: () => undefined, g: null }, z: 0, s: 'x' }; // eslint-disable-line no-unused-vars
  const args = ['q.u', 'q.n', 'q.o.f()', 'q?.u', 'q.o?.f()', '(q.z || q.u)', '(q.n ?? q.u)', '(q.z ? q.s : q.n)', 'q[p.s]', 'q.o[0]', '`${q.u}`.x', 'q.s.trim().u', 'new Date(0).u', 'f().u', '(q.o, q.u)'];
  let named = 0;
  for (const arg of args) {
    for (const code of [`Math.max(...${arg});`, `new Date(1, ...${arg});`]) {
      let message;
      try {
        eval(code); // eslint-disable-line no-eval
      } catch (error) {
        message = error.message;
      }
      const call = parse(code).expression;
      const text = spreadArgumentText(call.arguments[call.arguments.length - 1].argument);
      assert.match(message, /is not iterable \(cannot read property (undefined|null)\)$/, code);
      if (text === undefined) continue;
      named++;
      assert.equal(message.replace(/ is not iterable \(cannot read property (undefined|null)\)$/, ''), text, code);
    }
  }
  assert.ok(named >= 24, `named only ${named}`);
});

test('a call\'s last spread argument and an object destructuring assignment of undefined keep V8\'s text and position instrumented (H12-13)', async () => {
  const { runAction } = require('./lib');
  const cases = [
    'return Math.max(...p.u);',
    'return f2(...p.u);',
    'return p.o.f(...p.u);',
    'console.log(...p.n);',
    'return new Date(...p.u);',
    'return f2(1, ...(p.z || p.n));',
    'return Math.max(...(p.z ? p.s : p.u));',
    'return p.o.f?.(...p.o.u);',
    "return p.o['f'](...p.u);",
    'return (0, p.o.f)(...p.u);',
    'return p.s.trim().nope(...p.u);',
    'for (const t of p.o.f(...p.u)) ; return 1;',
    'return Math.max(...p?.u);',
    'return Math.max(...p.z);',
    'return Math.max(...p.u, ...p.u);',
    'let a; ({ a } = p.u);',
    'let a; ({ a } = p.o.u);',
    'let a, b; ({ a, b } = p.n);',
    'let a; ({ k: a } = p.u);',
    'let a; ({ k: { a } } = p.o);',
    'let r; ({ ...r } = p.u);',
    'let a; ({ a = 1 } = p.u);',
    'let a; ({ a } = p.z || p.u);',
  ];
  const P = { o: {}, n: null, z: 0, s: ' x ' };
  let errors = 0;
  for (const c of cases) {
    const code = `function f2() { return 1; }\nfunction main(p) {\n  p.o.f = () => [];\n  ${c} return 1; }`;
    const plain = await runAction(code, [P], { columns: true });
    const traced = await runAction(code, [P], { traced: true, columns: true });
    assert.deepEqual(traced.records, plain.records, c);
    assert.equal(traced.tracing.reason, undefined, c);
    if (plain.records[0].error && plain.records[0].error.name === 'TypeError') errors++;
  }
  assert.equal(errors, cases.length, 'every case throws a TypeError');
});
