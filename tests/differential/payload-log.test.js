// Differential: payload-log (seeded random JSON payloads logged with console.log/error: util.inspect line breaking, array grouping, depth, quotes, key quoting, format specifiers, JSON indent).
'use strict';
const { diffTest } = require('./harness');

// mulberry32, seeded: the same payloads every run (DIFF_SEED to explore others).
let seed = Number(process.env.DIFF_SEED || 7);
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const STR = ['', 'a', 'hello world', "it's", 'say "hi"', 'both \' and "', 'all `\'"', 'x'.repeat(17), 'y'.repeat(90), 'line\nbreak', 'tab\t', 'ü😀', '\u0000\u001b', '\\', '%s', '%d%%', 'a'.repeat(10000), 'Ω≈ç√', '\u2028', '\ud83d', '01', 'constructor'];
const NUM = [0, 1, -1, 1.5, -2.25, 1e21, 1e-7, 123456789, 2 ** 53 + 2, 5e-324, 1.7976931348623157e308, 0.1, 100, 1234.5678, -1e-300, 42];
const KEYS = ['a', 'b', 'name', 'a-b', 'with space', '1', '10', '2', '-1', '01', '1.5', '4294967295', '4294967294', '__proto__x', 'ü', '😀', '', 'valid_id', '$x', 'class', 'x'.repeat(30), "q'", 'n\nl'];

/** A random JSON value: scalars, arrays (short, long, of numbers, of strings, nested) and objects with keys util.inspect quotes or orders. */
function gen(d) {
  const r = rnd();
  if (d > 4 || r < 0.35) {
    const k = rnd();
    if (k < 0.4) return pick(STR);
    if (k < 0.8) return pick(NUM);
    if (k < 0.9) return pick([true, false]);
    return null;
  }
  if (r < 0.65) {
    const n = pick([0, 1, 2, 3, 5, 7, 8, 12, 27, 101, 150]);
    const kind = rnd();
    const out = [];
    for (let i = 0; i < n; i++) out.push(kind < 0.4 ? pick(NUM) : kind < 0.6 ? pick(STR.slice(0, 12)) : n > 12 ? pick(NUM) : gen(d + 1));
    return out;
  }
  const o = {};
  const n = pick([0, 1, 2, 3, 4, 6, 9, 30]);
  for (let i = 0; i < n; i++) o[pick(KEYS)] = gen(d + 1);
  return o;
}

const inputs = [{ args: { payload: { a: 1, b: [1, 2], s: 'x' } }, native: true }, { args: { payload: 5 } }, { args: { payload: null } }, { args: {} }];
for (let i = 0; i < 60; i++) inputs.push({ args: { payload: gen(0) } });

diffTest('payload-log', {
  train: [{ payload: { a: 1, b: [1, 2], s: 'x' } }, { payload: [1, 'two', { three: 3 }] }, { payload: 'just text' }],
  inputs,
});
