// Tests of module-writes.js: module state reaching a writer through spread, call/apply, Reflect, throw, promises, built-in callbacks, globals and code left to Node.js.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { normalizeProgram } = require('./normalize');

// The write runs only when `p.mode` is 'x', a path the trace of other inputs never sees: native
// code would keep serving from its own copy of CATALOG afterwards (differential findings H12-1
// to H12-4). `w` is declared only by the statements that use it, so that a helper writing into
// its parameter does not make every program here not compilable by itself.
const program = (stmt) =>
  normalizeProgram(`const CATALOG = { items: [{ sku: 'a', hits: 0 }], meta: { version: 1 } };
${/\bw\b/.test(stmt) ? 'function w(m) { m.version = 2; }' : ''}
function main(p) {
  if (p.mode === 'x') { ${stmt} }
  return { v: CATALOG.meta.version, n: CATALOG.items.length };
}`).program;

/** `stmt`'s program is not compilable, for a write into CATALOG. */
function assertRefused(stmt) {
  const p = program(stmt);
  assert.equal(p.compilable, false, stmt);
  assert.match(p.not_compilable_because, /may change an object held by the module binding CATALOG/, stmt);
}

test('module-writes: module state handed on through spread, call, apply and Reflect.apply is seen', () => {
  for (const stmt of [
    'Object.assign.call(null, CATALOG.meta, { version: 8 });',
    'Object.assign.apply(null, [CATALOG.meta, { version: 7 }]);',
    'Object.assign(...[CATALOG.meta, { version: 22 }]);',
    "Object.defineProperty.apply(null, [CATALOG.meta, 'version', { value: 23 }]);",
    'Array.prototype.push.call(...[CATALOG.items, 1]);',
    'w.apply(null, [CATALOG.meta]);',
    'Reflect.apply(w, null, [CATALOG.meta]);',
    'const f = (m) => { m.version = 25; }; f(...[CATALOG.meta]);',
    'const f = (a, b) => { b.version = 20; }; f(...[1, CATALOG.meta]);',
  ])
    assertRefused(stmt);
});

test('module-writes: module state thrown, resolved or given to a built-in calling back is seen', () => {
  for (const stmt of [
    'try { throw CATALOG.meta; } catch (e) { e.version = 21; }',
    'try { throw CATALOG; } catch ({ meta }) { meta.version = 12; }',
    'const f = () => { throw CATALOG.meta; }; try { f(); } catch (e) { e.version = 13; }',
    'const g = async () => CATALOG.meta; return g().then((m) => { m.version = 16; return {}; });',
    'const g = async () => CATALOG.meta; const h = (m) => { m.version = 16; return {}; }; return g().then(h);',
    'Array.from(CATALOG.items, (x) => { x.hits = 9; });',
  ])
    assertRefused(stmt);
});

test('module-writes: module state stored into an object other than a fresh local may come back from anywhere', () => {
  for (const stmt of [
    'global.R = CATALOG.meta; global.R.version = 4;',
    'globalThis.R2 = CATALOG.meta; R2.version = 5;',
    'console.R = CATALOG.meta; console.R.version = 9;',
    'Object.prototype.R = CATALOG.meta; ({}).R.version = 11; delete Object.prototype.R;',
    // Through a helper's parameter: the caller's object holds module state afterwards.
    "const put = (o, k, v) => { o[k] = v; }; const t = {}; put(t, 'c', CATALOG.meta); t.c.version = 5;",
  ])
    assertRefused(stmt);
  // Stored into a fresh local and returned, or only its primitives stored: nothing is written.
  for (const stmt of ['const t = {}; t.c = CATALOG.meta; return t;', 'const t = { a: 1 }; t.c = CATALOG.meta.version; const o = {}; o.z = 3; return { t, o };']) {
    const p = program(stmt);
    assert.equal(p.compilable, true, `${stmt}: ${p.not_compilable_because}`);
  }
});

test('module-writes: a built-in changed on any path is not compilable; a global of the action written and read only there is', () => {
  for (const stmt of [
    'console.log = () => {};',
    'console.error = console.log;',
    'Array.prototype.join = function () { return 1; };',
    'const M = Math; M.max = () => 0;',
    'Object.assign(console, { log: () => {} });',
    'Object.defineProperty(Array.prototype, "join", { value: () => 1 });',
    'parseInt = () => 1;',
    'globalThis.parseInt = () => 1;',
    'delete Math.max;',
    'JSON.stringify = () => "x";',
    'const q = (c) => { c.log = () => {}; }; q(console);',
    "require('util').inspect.defaultOptions.depth = 6;",
    "Object.assign(require('util').inspect.defaultOptions, { breakLength: 20 });",
  ]) {
    const p = program(stmt);
    assert.equal(p.compilable, false, stmt);
    assert.match(p.not_compilable_because, /may change (the built-in|an object held by the module binding) (console|Array|Math|parseInt|globalThis|JSON|require\(…\))/, stmt);
  }
  // A module's objects read only: compilable.
  const r = program("const h = require('crypto').createHash('sha256').update('x').digest('hex'); return { h };");
  assert.equal(r.compilable, true, r.not_compilable_because);
  // OpenWhisk's "variables with no var declaration" test: the global is written and read on the
  // path that falls back only.
  const p = normalizeProgram("function main(p) { if (p.implicit) { greeting = 'hi ' + p.x; console.log(greeting); return { greeting }; } return { v: 1 }; }").program;
  assert.equal(p.compilable, true, p.not_compilable_because);
  const q = normalizeProgram("function main(p) { if (p.implicit) { greeting = 'hi ' + p.x; } return { v: typeof greeting }; }").program;
  assert.equal(q.compilable, false);
});

test('module-writes: code left to Node.js may hand module state to any function, or write what it holds', () => {
  // A tagged template is not normalized: its call runs in Node.js with CATALOG.meta.
  let p = program('const f = (s, m) => { m.version = 25; }; f`x${CATALOG.meta}`;');
  assert.equal(p.compilable, false);
  assert.match(p.not_compilable_because, /^function (main|f) may change an object held by the module binding CATALOG/);
  // `arguments` is not normalized either: f receives CATALOG.meta beyond its parameters.
  p = program('const f = function () { arguments[0].version = 6; }; f(CATALOG.meta);');
  assert.equal(p.compilable, false);
  assert.match(p.not_compilable_because, /^function f may change an object held by the module binding CATALOG \(line 4\)/);
});

test('module-writes: reads, copies, caught errors of their own and callbacks over copies stay compilable', () => {
  for (const stmt of [
    'const q = CATALOG.items.map((x) => x.sku); return { q };',
    'try { JSON.parse(p.s); } catch (e) { return { e: e.message }; }',
    'const n = CATALOG.items.length; return Promise.resolve(n).then((v) => ({ v }));',
    'const f = (a, b) => a + b; return { s: f(...[1, CATALOG.meta.version]) };',
    'const skus = Array.from(CATALOG.items, (x) => x.sku); return { skus };',
    'try { throw new Error("no"); } catch (e) { e.extra = 1; return { m: e.message }; }',
  ]) {
    const p = program(stmt);
    assert.equal(p.compilable, true, `${stmt}: ${p.not_compilable_because}`);
  }
});
