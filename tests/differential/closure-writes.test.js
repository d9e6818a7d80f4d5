// Differential: closures over bindings that are written (shared cells) in a realistic action, native vs Node.js byte for byte over 60 inputs.
'use strict';
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { differential, explain } = require('./harness');

/** A small deterministic generator, so that a failure names inputs that can be sent again. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function inputsFor(seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const items = Array.from({ length: Math.floor(r() * 5) }, (_, i) => ({ id: `i${i}`, price: pick([1, 2.5, 0.1, 7, 0]), qty: pick([1, 2, 3, 10]), ok: r() < 0.5 }));
  const xs = Array.from({ length: Math.floor(r() * 7) }, () => pick([1, 2, 3, 4, 5, 1.5, -2]));
  const args = { items, xs, min: pick([0, 1, 2, 3]), start: pick([0, 5, -1, 100]), tag: pick(['a', 'beta', 'é', '']), twice: r() < 0.5, log: r() < 0.3 };
  return args;
}

// The first three cover both sides of every decision (the first compile traces them), so that
// most generated inputs are answered natively even before a recompilation.
const rich = {
  items: [{ id: 'a', price: 2, qty: 3, ok: true }, { id: 'b', price: 0.5, qty: 1, ok: false }],
  xs: [1, 3, 1, -2, 4.5],
  min: 1,
};
const train = [
  { ...rich, start: 5, tag: 'a', twice: true, log: true },
  { ...rich, start: 0, tag: '', twice: false, log: false },
  {},
  inputsFor(1),
  inputsFor(2),
];
const inputs = [];
for (let seed = 100; seed < 150; seed++) inputs.push({ args: inputsFor(seed) });
// Inputs that leave the traced paths or throw: Node.js answers them, with V8's texts.
inputs.push({ args: { ...inputsFor(7), call: true } }); // total is not a function
inputs.push({ args: { items: [{ id: 'q', price: 'x', qty: 2, ok: true }], xs: [1], min: 0 } }); // NaN total
inputs.push({ args: { items: null, xs: [2, 2, 2], min: 1 } });
inputs.push({ args: { items: [null], xs: [] } }); // Cannot read properties of null (reading 'price')
inputs.push({ args: { items: [], xs: ['1', '1', 'b'], min: 0, tag: 'str' } });
inputs.push({ args: { items: [], xs: [{}], min: 0 } });
inputs.push({ args: { items: [{ id: 1, price: 1, qty: 1, ok: 1 }], xs: [3, 3], start: '5', log: true } });
inputs.push({ args: { xs: [1, 2, 3], min: 2, start: 1e21, log: true, twice: true } });
inputs.push({ args: { items: [{ price: 2, qty: 2 }], xs: [0, -0, 0] } });
inputs.push({ args: {} });

test('differential: closure-writes (shared cells written by callbacks, helpers and nested closures)', async (t) => {
  assert.ok(inputs.length >= 50);
  const { diffs, counts } = await differential(t, 'closure-writes', { train, inputs });
  assert.equal(diffs.length, 0, `${diffs.length} difference(s) between node and auto:\n${explain(diffs)}`);
  // The generated inputs stay on traced paths: most of them must have been answered natively.
  assert.ok(counts.native >= 40, `only ${counts.native} of ${counts.activations} activations answered natively (aborts: ${counts.aborts || '-'})`);
});
