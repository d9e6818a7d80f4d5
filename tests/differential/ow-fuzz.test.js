// Differential: seeded random JSON inputs (numbers at the corners, unicode, nesting) through the catalog's sort, head, cat and smash, the docs' hello and the runtime tests' unicode and echo actions; DIFF_SEED explores other seeds.
'use strict';
const { diffTest } = require('./harness');

const SEED = Number(process.env.DIFF_SEED || 7);
/** A small LCG, so that a seed names one input list on every machine. */
function generator(seed) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const NUMS = [0, 1, -1, 0.5, -0.25, 1e21, 1e-7, 123456789.125, 2 ** 53, 2 ** 31, -(2 ** 31), 4294967295, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 100, 7, 1e20, 999999999999999900000];
  const STRS = ['', 'a', 'B', 'ü', '☃', '😀', 'a b', '10', '9', '-1', 'null', 'true', 'é', 'e\u0301', '\t', '\n', '"', '\\', '%s', '%d', 'Z', 'zz', 'ａ', '𝒜', '\u2028', 'x'.repeat(50)];
  const KEYS = ['a', 'b', 'k', '1', '0', 'é', 'x y'];
  function value(d = 0) {
    const r = rnd();
    if (r < 0.3) return pick(NUMS) * (rnd() < 0.2 ? -1 : 1);
    if (r < 0.6) return pick(STRS) + (rnd() < 0.3 ? pick(STRS) : '');
    if (r < 0.67) return null;
    if (r < 0.74) return rnd() < 0.5;
    if (r < 0.87 && d < 3) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(d + 1));
    if (d >= 3) return 'leaf';
    const o = {};
    for (let i = Math.floor(rnd() * 4); i > 0; i--) o[pick(KEYS)] = value(d + 1);
    return o;
  }
  const arr = (n) => Array.from({ length: Math.floor(rnd() * n) }, () => value(1));
  return { rnd, pick, value, arr, KEYS };
}

const N = 80;
const inputsOf = (make) => Array.from({ length: N }, make).map((args) => ({ args }));
{
  const g = generator(SEED);
  diffTest('ow-sort', { train: [{ lines: ['b', 'a'] }, {}, { lines: [3, 1, 2] }, { lines: ['b', 1, null, 'a', [1], { a: 1 }, true] }], inputs: inputsOf(() => ({ lines: g.rnd() < 0.9 ? g.arr(8) : g.value() })) }, `differential: ow-fuzz sort (seed ${SEED})`);
}
{
  const g = generator(SEED + 1);
  const make = () => ({ lines: g.rnd() < 0.8 ? g.arr(8) : g.value(), num: g.rnd() < 0.7 ? Math.floor(g.rnd() * 10) - 3 : g.value(2) });
  diffTest('ow-head', { train: [{ lines: ['a', 'b', 'c'], num: 2 }, { lines: ['x'] }, {}, { lines: [1, null, [2], { a: 1 }], num: 3 }, { lines: ['a', 'b'], num: -1 }], inputs: inputsOf(make) }, `differential: ow-fuzz head (seed ${SEED + 1})`);
}
{
  const g = generator(SEED + 2);
  diffTest('ow-cat', { train: [{ lines: ['a', 'b'] }, {}, { lines: [1, 'x', null, [1], { a: 1 }, true] }], inputs: inputsOf(() => ({ lines: g.rnd() < 0.9 ? g.arr(8) : g.value() })) }, `differential: ow-fuzz cat (seed ${SEED + 2})`);
}
{
  const g = generator(SEED + 3);
  const make = () => {
    const o = { $fieldName: g.rnd() < 0.8 ? g.pick(['p', 'q', ...g.KEYS]) : g.value(2) };
    for (let i = Math.floor(g.rnd() * 4); i > 0; i--) o[g.pick(g.KEYS)] = g.value(1);
    return o;
  };
  diffTest('ow-smash', { train: [{ a: 1, b: 2, $fieldName: 'p' }, { c: { d: 1, e: 2 }, $fieldName: 'q' }, { x: 'y' }], inputs: inputsOf(make) }, `differential: ow-fuzz smash (seed ${SEED + 3})`);
}
{
  const g = generator(SEED + 4);
  const make = () => (g.rnd() < 0.5 ? { name: g.value(1) } : { name: g.value(2), place: g.value(2) });
  diffTest('ow-hello', { train: [{ name: 'Ada' }, {}, { name: 'Bob', place: 'Vermont' }, { name: 5, place: 0 }], inputs: inputsOf(make) }, `differential: ow-fuzz hello (seed ${SEED + 4})`);
}
{
  const g = generator(SEED + 5);
  const train = [{ delimiter: '❄' }, { delimiter: 5 }, { delimiter: [1, 'a'] }, { delimiter: { a: 1 } }, { delimiter: null }, { delimiter: true }];
  diffTest('ow-unicode', { train, inputs: inputsOf(() => ({ delimiter: g.value(0) })) }, `differential: ow-fuzz unicode (seed ${SEED + 5})`);
}
{
  const g = generator(SEED + 6);
  diffTest('ow-errors', { train: [{}, { v: 1 }, { v: 'x' }, { v: [1, { a: null }] }], inputs: inputsOf(() => ({ v: g.value(0), w: g.value(1) })) }, `differential: ow-fuzz echo (seed ${SEED + 6})`);
}
