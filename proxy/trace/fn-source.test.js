// Tests of fn-source.js: the traced engine's functions print the action's own source, as plain Node.js does (H13-1).
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { Tracing } = require('./tracing');
const { evaluateActionCode } = require('../evaluate');

const collector = () => ({ mergeModule() {}, merge() {}, serialize: () => '{"version":1}' });

/** Every kind of function the instrumenter rewrites, parked on a global at load so the test can print them. */
const ACTION = `
function helper(x) { return x.a.b; }
const viaArrow = (x) => helper(x);
const block = (x, y = x || 2) => { if (x > y) return x; return y; };
async function later(p) { const v = await Promise.resolve(p.n); return v ?? 0; }
const obj = { m(k) { return k ? this.n : 0; }, get g() { return 1 + this.n; }, n: 3 };
const fe = function (a, { b } = {}) { return a + b; };
function outer(p) { const inner = (q) => q * p.k; return inner; }
function main(p) { return { s: String(helper) }; }
globalThis.__fnSourceCase = [helper, viaArrow, block, later, obj.m, Object.getOwnPropertyDescriptor(obj, 'g').get, fe, outer, outer({ k: 2 }), main];
`;

/** The functions' texts after loading `code` plainly (`traced` false) or through the tracer. */
function functionTexts(code, traced) {
  const message = { code, main: 'main' };
  const tracing = traced ? new Tracing({ makeRecorder: collector }) : undefined;
  const toLoad = traced ? tracing.prepareLoad(message) : message;
  if (traced) assert.notEqual(toLoad.code, code, 'the action was instrumented');
  const module = { exports: {} };
  evaluateActionCode(toLoad.code, 'main', module, module.exports, require, 'action.js', '.');
  if (traced) tracing.finishLoad(true);
  const fns = globalThis.__fnSourceCase;
  delete globalThis.__fnSourceCase;
  return fns.map((f) => Function.prototype.toString.call(f));
}

test('instrumented functions print their original source, every kind of them', () => {
  const plain = functionTexts(ACTION, false);
  const traced = functionTexts(ACTION, true);
  assert.equal(traced.length, 10);
  for (let i = 0; i < plain.length; i++) {
    assert.doesNotMatch(plain[i], /__cl\$h/);
    assert.equal(traced[i], plain[i], `function ${i}`);
  }
  // String(), template literals and .toString() all go through Function.prototype.toString.
  assert.equal(traced[0], 'function helper(x) { return x.a.b; }');
  assert.equal(traced[1], '(x) => helper(x)');
});

test('the replacement looks native and leaves other functions and errors as they were', () => {
  functionTexts(ACTION, true); // installs it
  const toString = Function.prototype.toString;
  assert.equal(toString.name, 'toString');
  assert.equal(toString.length, 0);
  assert.equal(toString.call(toString), 'function toString() { [native code] }');
  assert.equal(String(toString), 'function toString() { [native code] }');
  assert.equal(Object.prototype.hasOwnProperty.call(toString, 'prototype'), false);
  const descriptor = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
  assert.deepEqual([descriptor.writable, descriptor.enumerable, descriptor.configurable], [true, false, true]);
  assert.equal(toString.call(Math.max), 'function max() { [native code] }');
  const local = (a) => a + 1;
  assert.equal(String(local), '(a) => a + 1');
  assert.throws(() => toString.call({}), { name: 'TypeError', message: "Function.prototype.toString requires that 'this' be a Function" });
});

test("a receiver that is not a function throws V8's TypeError with the stack of plain Node.js (H13-6)", () => {
  functionTexts(ACTION, true); // installs it
  const stackOf = (receiver) => {
    try {
      Function.prototype.toString.call(receiver);
    } catch (e) {
      return e.stack.split('\n');
    }
    assert.fail('no TypeError');
  };
  for (const [receiver, type] of [[{}, 'Object'], [5, 'Number'], ['s', 'String']]) {
    const lines = stackOf(receiver);
    assert.equal(lines[0], "TypeError: Function.prototype.toString requires that 'this' be a Function");
    assert.equal(lines[1], `    at ${type}.toString (<anonymous>)`);
    assert.match(lines[2], /at stackOf \(.*fn-source\.test\.js:/);
    assert.equal(lines.some((l) => l.includes('fn-source.js')), false);
  }
  // As many frames as the limit allows, the tracer's own not counted.
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 3;
    const lines = stackOf({});
    assert.equal(lines.length, 4);
    assert.match(lines[3], /fn-source\.test\.js/);
    assert.equal(Error.stackTraceLimit, 3);
  } finally {
    Error.stackTraceLimit = limit;
  }
});

test('two actions loaded in one process each map their own functions', () => {
  const a = functionTexts(ACTION, true);
  const other = ACTION.replace('return x.a.b;', 'return x.c;');
  const b = functionTexts(other, true);
  assert.equal(a[0], 'function helper(x) { return x.a.b; }');
  assert.equal(b[0], 'function helper(x) { return x.c; }');
});
