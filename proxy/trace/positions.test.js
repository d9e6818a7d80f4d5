// Unit tests of positions.js: instrumented columns mapped back through the insertions, and the script it recognises being evaluate.js's.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');
const { PositionMap, scriptSource } = require('./positions');
const { instrument } = require('./instrument');
const { evaluateActionCode } = require('../evaluate');

test('scriptSource is the text proxy/evaluate.js evaluates (same script hash as a real frame)', () => {
  const code = 'function main(p) { return new Error("x"); }';
  const main = evaluateActionCode(code, 'main', { exports: {} }, {}, require, 'action.js', '.');
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, sites) => sites;
  let sites;
  try {
    sites = main({}).stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
  const hash = crypto.createHash('sha256').update(scriptSource(code, 'main'), 'utf8').digest('hex');
  assert.equal(sites[0].getScriptHash(), hash);
});

test('columns after, inside and before inserted text', () => {
  // Script line 2 is the code's line 1 (evaluate.js's `(function(){` comes first).
  const original = 'ab cd\nef';
  const instrumented = 'ab XXXcd\nef';
  const map = new PositionMap(original, instrumented, [{ pos: 3, at: 3, length: 3 }], 'main');
  assert.equal(map.column(2, 1), 1); // a
  assert.equal(map.column(2, 3), 3); // the space before the insertion
  assert.equal(map.column(2, 4), 4); // inside XXX: where it was inserted
  assert.equal(map.column(2, 6), 4);
  assert.equal(map.column(2, 7), 4); // c
  assert.equal(map.column(2, 8), 5); // d
  assert.equal(map.column(3, 2), 2); // next line: no insertion there
  assert.equal(map.column(1, 5), undefined); // evaluate.js's own first line
  assert.equal(map.column(9, 1), undefined); // past the code
});

test('an instrumented action maps every original token back to itself', () => {
  const original = 'function main(p) {\n  const n = p.a + 1; const s = `${p.s}`.trim();\n  return p.xs.map((x) => x * n).join(s) || p.o?.k;\n}';
  const { code, insertions } = instrument(original);
  const map = new PositionMap(original, code, insertions, 'main');
  const oLines = original.split('\n');
  const iLines = code.split('\n');
  assert.equal(iLines.length, oLines.length);
  // Each identifier's column in the instrumented line maps to its column in the original line.
  for (let l = 0; l < oLines.length; l++) {
    for (const m of oLines[l].matchAll(/\b(n|trim|map|join|xs|k)\b/g)) {
      const nth = [...oLines[l].slice(0, m.index).matchAll(new RegExp(`\\b${m[1]}\\b`, 'g'))].length;
      const inInstrumented = [...iLines[l].matchAll(new RegExp(`\\b${m[1]}\\b`, 'g'))].filter((x) => !/__cl\$h\.$/.test(iLines[l].slice(0, x.index)))[nth];
      assert.ok(inInstrumented, `${m[1]} #${nth} on line ${l + 1}`);
      assert.equal(map.column(l + 2, inInstrumented.index + 1), m.index + 1, `${m[1]} #${nth} on line ${l + 1}`);
    }
  }
});
