// Tests of module-writes.js: programs that may change module state on any path, through aliases too, are not compilable; copies and reads stay compilable.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { normalizeProgram } = require('./normalize');
const { moduleStateWrite } = require('./module-writes');

// Each body runs only when `p.set` is true, a path a trace of `{}` inputs never sees: native code
// would serve the other path from its own copy of the module's objects (differential finding F1).
const wrap = (stmt) => `const cache = { users: {}, list: [], n: 0 };
const store = { get: () => cache };
const counter = { n: 0, inc() { this.n++; } };
function put(obj, k, v) { obj[k] = v; }
function main(p) {
  if (p.set) {
    ${stmt}
    return { stored: p.key };
  }
  const hit = cache.users[p.key];
  return { val: hit === undefined ? null : hit, n: cache.list.length };
}`;

test('module-writes: a write into module state through an alias, on any path, is not compilable', () => {
  const writes = {
    'put(cache, p.key, p.val);': 'function put may change an object held by the module binding cache (line 4)',
    'const c = cache; c[p.key] = p.val;': 'function main may change an object held by the module binding cache (line 7)',
    '[cache].forEach((o) => { o[p.key] = p.val; });': 'function (anonymous) may change an object held by the module binding cache (line 7)',
    'const t = { c: cache }; t.c[p.key] = p.val;': 'function main may change an object held by the module binding cache (line 7)',
    'store.get()[p.key] = p.val;': 'function main may change an object held by the module binding',
    'cache.users[p.key] = p.val;': 'function main may change an object held by the module binding cache (line 7)',
    'cache.list.push(p.val);': 'function main may change an object held by the module binding cache (line 7)',
    'const u = cache.users; u[p.key] = p.val;': 'function main may change an object held by the module binding cache (line 7)',
    'cache.users[p.key] ??= p.val;': 'function main may change an object held by the module binding cache (line 7)',
    'delete cache.users[p.key];': 'function main may change an object held by the module binding cache (line 7)',
    'const o = { ...cache }; o.users.x = 1;': 'function main may change an object held by the module binding cache (line 7)',
    'const out = []; out.push(cache.users); out[0].z = 1;': 'function main may change an object held by the module binding cache (line 7)',
    'const f = (o) => { o.n = 1; }; f(cache);': 'function f may change an object held by the module binding cache (line 7)',
    'cache.list.forEach((x) => { x.seen = true; });': 'function (anonymous) may change an object held by the module binding cache (line 7)',
  };
  for (const [stmt, start] of Object.entries(writes)) {
    const { program } = normalizeProgram(wrap(stmt).replace('inc() { this.n++; }', 'inc() { return 1; }'));
    assert.equal(program.compilable, false, stmt);
    assert.ok(program.not_compilable_because.startsWith(start), `${stmt}: ${program.not_compilable_because}`);
  }
  // (Without the helper writing into its parameter: code left to Node.js, as `inc` is, may hand
  // module state to any function, which would make `put` the first function found.)
  const { program } = normalizeProgram(wrap('counter.inc();').replace('function put(obj, k, v) { obj[k] = v; }\n', ''));
  assert.equal(program.not_compilable_because, 'a function may change its object through this in an object literal method (line 3), whose state native code would not share with Node.js');
});

// A built-in reached through call, apply or Reflect writes into its `this` or target
// (differential finding G11: `Array.prototype.push.call(TRAIL, x)` answered from a stale copy).
test('module-writes: a mutating built-in reached through call, apply or Reflect is a write', () => {
  const program = (stmt) =>
    normalizeProgram(`const TRAIL = [];
const USERS = {};
function main(p) {
  if (p.set) { ${stmt} return { ok: true }; }
  return { n: TRAIL.length, u: USERS[p.key] === undefined ? null : USERS[p.key] };
}`).program;
  for (const stmt of [
    'Array.prototype.push.call(TRAIL, p.val);',
    '[].push.apply(TRAIL, [p.val]);',
    'const push = Array.prototype.push; push.call(TRAIL, p.val);',
    'Reflect.set(USERS, p.key, p.val);',
    'Reflect.apply(Array.prototype.push, TRAIL, [p.val]);',
    'Reflect.deleteProperty(USERS, p.key);',
  ]) {
    const got = program(stmt);
    assert.equal(got.compilable, false, stmt);
    assert.match(got.not_compilable_because, /^function main may change an object held by the module binding (TRAIL|USERS) \(line 4\)/, stmt);
  }
  // Reading through call stays compilable.
  for (const stmt of ['const own = Object.prototype.hasOwnProperty.call(USERS, p.key); console.log(own);', 'console.log(Array.prototype.join.call(TRAIL, "-"));']) {
    const got = program(stmt);
    assert.equal(got.compilable, true, `${stmt}: ${got.not_compilable_because}`);
  }
});

test('module-writes: copies of module state, reads, and writes into fresh objects stay compilable', () => {
  const fine = [
    'const copy = cache.list.slice(); copy.push(1);',
    'const o = { ...cache }; o.x = 1;',
    'const out = []; out.push(cache.n); out.push(2);',
    'const names = Object.keys(cache.users); names.push("x");',
    'const r = { n: cache.n, list: cache.list.length }; r.extra = JSON.stringify(cache);',
    'console.log(cache, store); const s = String(cache.n); const o = {}; o[s] = 1;',
  ];
  for (const stmt of fine) {
    const { program } = normalizeProgram(wrap(stmt).replace('inc() { this.n++; }', 'inc() { return 1; }'));
    assert.equal(program.compilable, true, `${stmt}: ${program.not_compilable_because}`);
  }
  // A helper writing into its own parameter, called with fresh objects only, and a rule table of closures.
  const { program } = normalizeProgram(`const RULES = [{ ok: (v) => v > 0 }];
function addTotal(order) { order.total = order.items.length; return order; }
function main(p) {
  const order = addTotal({ items: p.items || [] });
  return { order, ok: RULES.every((r) => r.ok(order.total)) };
}`);
  assert.equal(program.compilable, true, program.not_compilable_because);
});

test('module-writes: a chain of 1500 helpers handing module state on settles quickly and finds the write at its end', () => {
  const fns = [];
  for (let i = 0; i < 1500; i++) fns.push(`function f${i}(o, x) { const y = o.a; const z = [y, x]; return f${i + 1}(z[0], x + 1); }`);
  for (const order of [fns, [...fns].reverse()]) {
    const code = `const M = { a: {} };\n${order.join('\n')}\nfunction f1500(o, x) { o.w = 1; return o; }\nfunction main(p) { return { t: typeof f0(M, 1) }; }\n`;
    const { program } = normalizeProgram(code);
    assert.ok(program.not_compilable_because.startsWith('function f1500 may change an object held by the module binding M (line 1502)'), program.not_compilable_because);
    // One pass per link took 2 s here; alternating forward and backward passes take a few. (The
    // count of passes, not the time: the machines running the tests are shared.)
    const stats = {};
    assert.ok(moduleStateWrite(program.functions, program.module.body, program.main_function, undefined, stats));
    assert.ok(stats.passes <= 10, `the analysis took ${stats.passes} passes`);
  }
});
