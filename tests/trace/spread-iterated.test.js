// A spread argument after another spread that is not iterable: the traced engine throws V8's own TypeError (its text and column), finding H12-17.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { runAction } = require('./lib');

// V8 spreads such an argument through its iterator path: its message names the value ("number 5
// is not iterable (cannot read property Symbol(Symbol.iterator))", "object null …") or, for a
// call, the callee ("a.fn is not iterable …"), and is placed at the name, the property, a computed
// key's `[`, the literal or the callee's name (values.js spreadNotIterable, syntax.js
// iteratedSpreadForm, positions.js).
const FORMS = [
  'f2(...a.arr, ...a.u)', 'f2(...a.arr, ...a.n)', 'f2(...a.arr, ...a.o)', 'f2(...a.arr, ...null)', 'f2(...a.arr, ...5)',
  'f2(...a.arr, ...a.b)', 'f2(...a.arr, ...a.fn)', 'f2(...a.arr, ...a["u"])', 'f2(...a.arr, ...a[a.k])', 'f2(...a.arr, ...a.o.g)',
  'f2(...a.arr, ...g())', 'f2(...a.arr, ...a.fn())', 'f2(...a.arr, ...a.fn(1, 2))', 'f2(...a.arr, 2, ...a.u)', 'f2(...a.arr,...u2)',
  'console.log(...a.arr, ...a.u)', 'new f2(...a.arr, ...a.u)', 'a.fn(...a.arr, ...a.u)', 'f2(...a.u, ...a.arr)', 'f2(...a.arr, ...a.arr)',
  'f2(...a.arr, ...a.s)',
];
// Left (docs/js-support.md): an operator or an optional chain there (`...(a.u || a.n)`, `...a?.u`),
// which V8 places at the last position it recorded.

test('a second spread argument that is not iterable: the same TypeError, column and stack traced as plain (H12-17)', async () => {
  const code = `function f2() { return 1; }
const g = () => undefined;
let u2;
async function main(a) {
  a.fn = function fn() { return 7; };
  a.s = 'st';
${FORMS.map((f, i) => `  if (a.m === ${i}) { return { r: ${f} }; }`).join('\n')}
  return {};
}
`;
  const inputs = FORMS.map((_, m) => ({ m, arr: [1, 2], n: 5, o: { g: 1 }, b: true, k: 'u' }));
  const plain = await runAction(code, inputs, { columns: true });
  const traced = await runAction(code, inputs, { traced: true, columns: true });
  let errors = 0;
  FORMS.forEach((form, i) => {
    assert.deepEqual(traced.records[i], plain.records[i], form);
    if (plain.records[i].error) errors++;
  });
  assert.ok(errors >= 18, `only ${errors} forms threw`);
});
