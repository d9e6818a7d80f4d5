// Unit tests of the instrumenter: the spliced hooks keep lines, directives, `this`, callee text and evaluation order.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { instrument, applyEdits, HOOKS_SLOT } = require('./instrument');
const { TraceSession } = require('./recorder');

/** Runs instrumented `code` as the engine would and returns main's result and the events. */
function runInstrumented(code, args) {
  const { code: out, program } = instrument(code, { types: false }); // the type events have tests of their own
  const lists = [];
  const session = new TraceSession(program, { mergeModule() {}, merge: (e) => lists.push([...e]) });
  session.beginModule();
  let main;
  try {
    main = new Function(`${out}\nreturn main;`)();
  } finally {
    session.endModule();
  }
  const act = session.activation();
  let result;
  try {
    result = act.call(main, args);
  } finally {
    act.end();
  }
  return { result, events: lists[0], out };
}

test('no line is added or removed', () => {
  const code = 'function main(p) {\n  const a = p.x || 1;\n  const f = (x) =>\n    x + 1;\n  return { a: f(a) };\n}\n';
  const { code: out } = instrument(code);
  assert.equal(out.split('\n').length, code.split('\n').length);
});

test("a 'use strict' directive stays the first statement, of the script and of a function", () => {
  const code = "'use strict'\nfunction main(p) {\n  'use strict'\n  return { t: (function () { return typeof this; })() };\n}\n";
  const { out, result } = runInstrumented(code, {});
  assert.match(out, /^'use strict';var __cl\$h=/);
  assert.match(out, /'use strict';__cl\$h\.e\(0\);try\{/);
  assert.deepEqual(result, { t: 'undefined' });
});

test('an arrow with an expression body on the next line, or an object body, keeps its value', () => {
  const code = 'const f = (x) =>\n  x * 2;\nconst g = () => ({ a: 1 });\nfunction main(p) { return { f: f(p.n), g: g() }; }';
  const { result } = runInstrumented(code, { n: 4 });
  assert.deepEqual(result, { f: 8, g: { a: 1 } });
});

test('method calls keep `this`, getters run once, and arguments are evaluated once in order', () => {
  const code = `function main(p) {
    const seen = [];
    const o = { get m() { seen.push('get'); return function (a, b) { seen.push('call:' + (this === o)); return a + b; }; } };
    const r = o.m((seen.push('a1'), 1), (seen.push('a2'), 2));
    return { r, seen };
  }`;
  const { result } = runInstrumented(code, {});
  assert.deepEqual(result, { r: 3, seen: ['get', 'a1', 'a2', 'call:true'] });
});

test('a call event comes after the events of its arguments, and names built-ins and user functions', () => {
  const code = 'function id(x) { return x; }\nfunction main(p) { console.log(id(p.a || 1)); return {}; }';
  const orig = process.stdout.write;
  process.stdout.write = () => true;
  let events;
  try {
    ({ events } = runInstrumented(code, {}));
  } finally {
    process.stdout.write = orig;
  }
  // ||'s site 0 (else: 1), call of id (site 1) entering function 0, exit, then console.log (site 2, builtin 0 = -2).
  assert.deepEqual(events, [0, 1, 1, 0, -1, 0, -2, 0, 2, -2]);
});

test('zero-argument calls get an empty spread; their callee text is unchanged', () => {
  const { code } = instrument('function main(p) { return p.f(); }');
  assert.match(code, /p\.f\(\.\.\.__cl\$h\.cm0\(0,p,"f"\)\)/);
  assert.throws(() => runInstrumented('function main(p) { return p.f(); }', {}), { message: 'p.f is not a function' });
});

test('the hooks slot is read once and removed', () => {
  runInstrumented('function main(p) { return 1; }', {});
  assert.equal(globalThis[Symbol.for(HOOKS_SLOT)], undefined);
});

test('edits at one position: closings first (inner first), then openings (outer first)', () => {
  const out = applyEdits('abc', [
    { pos: 1, text: '<', open: true, size: 1 },
    { pos: 1, text: '<<', open: true, size: 2 },
    { pos: 1, text: '>', open: false, size: 1 },
    { pos: 1, text: '>>', open: false, size: 3 },
  ]);
  assert.equal(out, 'a>>><<<bc');
});

test("a method of a call's result is identified, and V8's own message is kept when it is not callable", () => {
  const { events } = runInstrumented("function main(p) { return p.s.trim().toLowerCase(); }", { s: ' A ' });
  const { BUILTIN_PATHS } = require('./builtins');
  assert.deepEqual(events, [0, -2 - BUILTIN_PATHS.indexOf('String.prototype.trim'), 1, -2 - BUILTIN_PATHS.indexOf('String.prototype.toLowerCase')]);
  const code = 'function main(p) { const seen = []; try { p.f().nope(seen.push(1)); } catch (e) { return [e.message, seen.length]; } }';
  // The try makes main's statement unknown, so test the hooks on a helper instead.
  const helper = 'function g(p, seen) { return p.f().nope(seen.push(1)); }\nfunction main(p) { const seen = []; let m; try { g(p, seen); } catch (e) { m = e.message; } return [m, seen.length]; }';
  assert.deepEqual(runInstrumented(helper, { f: () => ({}) }).result, ['p.f(...).nope is not a function', 1]);
  assert.deepEqual(runInstrumented(code, { f: () => ({}) }).result, ['p.f(...).nope is not a function', 1]);
  const zero = 'function g(p) { return p.f().nope(); }\nfunction main(p) { try { g(p); } catch (e) { return e.message; } }';
  assert.equal(runInstrumented(zero, { f: () => ({ nope: 5 }) }).result, 'p.f(...).nope is not a function');
});

test('empty bodies, empty blocks and bodies of only a directive instrument to valid code', () => {
  for (const src of ['function main() {}', "function main() {'use strict'}", 'const f = () => {};\nfunction main() { f(); if (1) {} else {} for (;;) { break; } do {} while (0); return {}; }']) {
    const { result } = runInstrumented(src, {});
    assert.ok(result === undefined || typeof result === 'object', src);
  }
});

test('a hook never starts a statement with a parenthesis (the previous line would continue into it)', () => {
  const code = 'function main(p) {\n  let x = p.a\n  const f = () => 1\n  x ||= f()\n  x ??= 2\n  return { x };\n}';
  assert.deepEqual(runInstrumented(code, { a: 0 }).result, { x: 1 });
  assert.deepEqual(runInstrumented(code, { a: 5 }).result, { x: 5 });
  assert.doesNotMatch(instrument(code).code, /\n\s*\(/);
});

test('code that uses the hooks\' own name is not instrumented', () => {
  assert.throws(() => instrument('var __cl$h = 1;\nfunction main() { return {}; }'), { name: 'InstrumentError', message: /uses the name __cl\$h/ });
});

test('a closure is instrumented as a declared function: its enter, its decisions and its exit follow the call event', () => {
  const code = 'function main(p) {\n  const k = p.k;\n  const f = (x) => (x > k ? 1 : 2);\n  return { r: f(p.x) };\n}\n';
  const { result, events, out } = runInstrumented(code, { k: 1, x: 5 });
  assert.deepEqual(result, { r: 1 });
  const { program } = instrument(code, { types: false });
  const f = program.functions.find((g) => g.name === 'f');
  assert.deepEqual(f.captures, ['k']);
  assert.match(out, new RegExp(`=>\\{__cl\\$h\\.e\\(${f.id}\\);try\\{return \\(`));
  const call = events.findIndex((v, i) => i % 2 === 1 && v === f.id && events[i + 1] === -1);
  assert.ok(call > 0, `no call event naming the closure in ${events}`);
  assert.deepEqual(events.slice(call + 1, call + 3), [-1, f.id]);
  assert.deepEqual(events.slice(-2), [-2, 0]);
});

test('`new` gets the call hook, with or without an argument list, and a parenthesized callee', () => {
  const code =
    'function main(p) { const o = { C: Date }; const a = new (o.C); const b = new (o.C)(0); const c = new o.C; const d = new Date ( 1 ); const e = new (Date)\n; return [typeof a, b.getTime(), typeof c, d.getTime(), typeof e, new Date(2).toISOString()]; }';
  const plain = new Function(`${code}\nreturn main;`)()({});
  const { result, events, out } = runInstrumented(code, {});
  assert.deepEqual(result, plain);
  assert.equal(out.split('\n').length, code.split('\n').length);
  // Every `new` is a call event: five of o.C and Date, then the methods.
  const { program } = instrument(code, { types: false });
  const constructs = [];
  const walk = (b) => b.forEach((s) => (s.s === 'call' && s.construct ? constructs.push(s.site) : null));
  walk(program.functions[0].body);
  assert.equal(constructs.length, 6);
  for (const site of constructs) assert.ok(events.some((v, i) => i % 2 === 0 && v === site), `site ${site} has an event`);
  // A method of a `new` expression keeps V8's message when it is not a function.
  assert.throws(() => runInstrumented('function main(p) { return new Date(0).nope(); }', {}), { message: '(intermediate value).nope is not a function' });
});

// `try{ body }` makes a function's top-level declarations block-scoped: `var g; function g() {}`
// then does not parse ("Identifier 'g' has already been declared", so the whole action used to
// load plain), and a name the function also binds otherwise (a parameter, a function declared in
// a nested block, twice in strict code) would bind differently. Such a function stays
// uninstrumented (its body one `unknown`) and answers as plain Node.js does.
test('a function declaration sharing its name with a var, a parameter or another function leaves its function uninstrumented', () => {
  const cases = [
    ['function main(p) { var g; function g() { return 2; } return g(); }', {}],
    ['function main(p) { function g() { return 2; } var g = p.v; return [typeof g, g]; }', { v: 7 }],
    ['function main(p) { for (var g of [1]) {} function g() { return 3; } return g; }', {}],
    ['function main(g) { const a = typeof arguments[0]; function g() { return 1; } return [a, typeof g]; }', { x: 1 }],
    ['function main(p) { function g() { return 1; } if (p.x) { function g() { return 2; } } return g(); }', { x: true }],
    ['"use strict"; function main(p) { function g() { return 1; } function g() { return 2; } return g(); }', {}],
    ['function main(p) { const f = () => { var h; function h() { return 4; } return h(); }; return f(); }', {}],
  ];
  for (const [code, args] of cases) {
    const plain = new Function(`${code}\nreturn main;`)()(args);
    const { result, out } = runInstrumented(code, args);
    assert.deepEqual(result, plain, code);
    const { program } = instrument(code, { types: false });
    const unknowns = program.functions.filter((f) => f.body.length === 1 && f.body[0].s === 'unknown');
    assert.equal(unknowns.length, 1, `${code}: ${out}`);
    assert.match(unknowns[0].body[0].reason, /function declaration [gh] sharing its name with a parameter, a var or another function of the body/);
  }
  // No clash (a nested function's var, a let in a block): instrumented as before.
  const code = 'function main(p) { function g() { var g = 1; return g; } { let g = 5; } return g() + 1; }';
  const { result, out } = runInstrumented(code, {});
  assert.equal(result, 2);
  assert.match(out, /function main\(p\) \{__cl\$h\.e\(0\);try\{/);
});
