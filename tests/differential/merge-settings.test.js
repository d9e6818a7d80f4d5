// Differential: merge-settings (Object.keys/assign/spread/hasOwn and `in` over caller keys such as __proto__, constructor, toString and integer-like keys).
'use strict';
const { diffTest } = require('./harness');

const J = (s) => JSON.parse(s);
const spec = {
  train: [
    { overrides: { theme: 'dark', pageSize: 50 }, probe: 'theme' },
    { overrides: { beta: 'yes', color: 'red' }, probe: 'color' },
    { overrides: {}, probe: 'none' },
  ],
  inputs: [
    { overrides: { theme: 'dark', pageSize: 50 }, probe: 'theme' }, { overrides: { lang: 'fr', x: 1, y: 2 }, probe: 'y' },
    { overrides: { toString: 'x' }, probe: 'toString' }, { overrides: { constructor: 'x' }, probe: 'constructor' }, { overrides: { valueOf: 1 }, probe: 'hasOwnProperty' },
    { overrides: {}, probe: 'toString' }, { overrides: {}, probe: '__proto__' }, { overrides: {}, probe: 'constructor' },
    J('{"overrides":{"__proto__":{"theme":"evil","pageSize":1}},"probe":"__proto__"}'), J('{"overrides":{"__proto__":{"x":1},"lang":"de"},"probe":"x"}'),
    J('{"overrides":{"__proto__":null},"probe":"__proto__"}'), J('{"overrides":{"__proto__":"str"},"probe":"__proto__"}'), J('{"overrides":{"__proto__":[1,2]},"probe":"length"}'),
    { overrides: { 2: 'b', 1: 'a', theme: 'x', '-1': 'm' }, probe: '1' }, { overrides: { pageSize: '50' }, probe: 'pageSize' }, { overrides: { pageSize: null }, probe: 'pageSize' },
    { overrides: { beta: true, lang: '' }, probe: 'beta' }, { overrides: [1, 2], probe: '0' }, { overrides: 'str', probe: '0' }, { overrides: null, probe: 'x' },
    { overrides: { theme: 'dark' }, probe: 5 }, { overrides: { theme: 'dark' }, probe: null }, { overrides: { theme: 'dark' } }, { overrides: { hasOwnProperty: 1 }, probe: 'hasOwnProperty' },
  ].flatMap((x, i) => (i % 2 ? [x, { overrides: { theme: 'dark', pageSize: i }, probe: 'theme' }] : [x])),
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,0,1,0,0,1,0,0,1,0,0,1,0,0,1,0,1,1,1,1,1,1,1,1,1,0,1,1,1,1,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('merge-settings', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
