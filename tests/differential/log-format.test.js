// Differential: log-format (util.format patterns chosen by the caller: %s %d %i %f %j %o %O %c %%, stray and unknown specifiers, fewer and more values than specifiers, on stdout and stderr).
'use strict';
const { diffTest } = require('./harness');

const e = (fmt, a, b, level) => ({ fmt, a, b, level });
const V = [0, 1.5, -2, 1e21, 'str', '42.9px', '0x10', 'abc', '', null, true, [1, [2, [3, [4]]]], { a: { b: { c: { d: 1 } } } }, ['x', 'y'], { k: 'v' }, 12345678901234567890, 1e-7];
const F = ['%s', '%d', '%i', '%f', '%j', '%o', '%O', '%c', '%%', '%s %s', '%d%%', '100%', '%', '%5d', '%-s', '%x', 'a %s b', '%s:%d:%i:%f', '%%s', 'no spec', '%s\n%s', 'tab\t%s', '%O%O', '%o %O', '%j %j'];
const inputs = [];
let k = 0;
for (const f of F) {
  const entries = [];
  for (let i = 0; i < 6; i++) { entries.push(e(f, V[(k * 7 + i) % V.length], V[(k * 3 + i * 5) % V.length], ['log', 'error', 'warn'][i % 3])); }
  k++;
  inputs.push({ entries });
}
inputs.push({ entries: [e(5, 'x'), e(null, 'x'), e(['%s'], 'x'), e({ a: 1 }, 'x'), e('%s', undefined), e(undefined, undefined)] });
const spec = {
  train: [{ entries: [e('user %s logged in', 'ada'), e('took %d ms', 12, undefined, 'warn')] }, { entries: [e('%j', { a: 1 }), e('failed: %s', 'boom', 'x', 'error')] }, { entries: [e('plain', 1), e('%o', [1, 2], 3, 'error')] }],
  inputs: [{ entries: [e('user %s logged in', 'ada')] }, ...inputs],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('log-format', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
