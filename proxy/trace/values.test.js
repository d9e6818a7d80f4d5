// peekProperty (values.js): a method callee read without running code follows every change of the receiver and its prototypes, at each read.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { peekProperty, NOPE } = require('./values');

/** Runs fn with Array.prototype.map (or `key` of `proto`) redefined as `desc`, restoring it after. */
function withDefined(proto, key, desc, fn) {
  const original = Object.getOwnPropertyDescriptor(proto, key);
  Object.defineProperty(proto, key, { configurable: true, ...desc });
  try {
    fn();
  } finally {
    if (original) Object.defineProperty(proto, key, original);
    else delete proto[key];
  }
}

test('an array receiver: the method of Array.prototype, read again at every peek', () => {
  const xs = [1, 2];
  assert.equal(peekProperty(xs, 'map'), Array.prototype.map);
  const patched = function map() {};
  withDefined(Array.prototype, 'map', { value: patched, writable: true }, () => {
    assert.equal(peekProperty(xs, 'map'), patched, 'an assigned Array.prototype.map');
    assert.equal(peekProperty([], 'map'), patched);
  });
  assert.equal(peekProperty(xs, 'map'), Array.prototype.map, 'restored');
});

test('an own property shadows the prototype\'s, and its removal is seen', () => {
  const xs = [1];
  const own = () => 0;
  xs.map = own;
  assert.equal(peekProperty(xs, 'map'), own);
  delete xs.map;
  assert.equal(peekProperty(xs, 'map'), Array.prototype.map);
  const o = { f() {} };
  assert.equal(peekProperty(o, 'f'), o.f);
  assert.equal(peekProperty(o, 'hasOwnProperty'), Object.prototype.hasOwnProperty);
  assert.equal(peekProperty(o, 'absent'), undefined);
});

test('a getter, own or on a prototype, is never run: NOPE', () => {
  // Counted for the probes only: other code (the test runner's) may call map and trim meanwhile.
  const probes = [[1], ' a ', []];
  let ran = 0;
  const getter = {
    get() {
      if (probes.includes(this) || probes.includes(String(this))) ran++;
      return Object.getPrototypeOf(this) === String.prototype ? String.prototype.at : Array.prototype.at;
    },
  };
  withDefined(Array.prototype, 'map', getter, () => {
    assert.equal(peekProperty(probes[0], 'map'), NOPE);
  });
  withDefined(String.prototype, 'trim', getter, () => {
    assert.equal(peekProperty(probes[1], 'trim'), NOPE);
  });
  Object.defineProperty(probes[2], 'map', getter);
  assert.equal(peekProperty(probes[2], 'map'), NOPE);
  const setterOnly = {};
  Object.defineProperty(setterOnly, 'f', { set() {} });
  assert.equal(peekProperty(setterOnly, 'f'), NOPE);
  assert.equal(ran, 0);
  assert.equal(peekProperty([], 'map'), Array.prototype.map, 'the data property again once restored');
});

test('a proxy, as the receiver or anywhere in its chain, is never asked: NOPE', () => {
  let trapped = 0;
  const traps = {
    getOwnPropertyDescriptor() {
      trapped++;
    },
    getPrototypeOf() {
      trapped++;
      return null;
    },
    get() {
      trapped++;
    },
  };
  assert.equal(peekProperty(new Proxy([], traps), 'map'), NOPE);
  const o = Object.create(new Proxy({}, traps));
  assert.equal(peekProperty(o, 'f'), NOPE);
  const xs = [1];
  Object.setPrototypeOf(xs, new Proxy(Array.prototype, traps));
  assert.equal(peekProperty(xs, 'map'), NOPE);
  const { proxy, revoke } = Proxy.revocable({}, traps);
  revoke();
  assert.equal(peekProperty(proxy, 'f'), NOPE, 'a revoked proxy');
  assert.equal(trapped, 0);
});

test('a changed prototype is followed: setPrototypeOf, a null prototype', () => {
  const xs = [1];
  const h = () => 0;
  Object.setPrototypeOf(xs, { map: h });
  assert.equal(peekProperty(xs, 'map'), h);
  Object.setPrototypeOf(xs, null);
  assert.equal(peekProperty(xs, 'map'), undefined);
  Object.setPrototypeOf(xs, Array.prototype);
  assert.equal(peekProperty(xs, 'map'), Array.prototype.map);
  class List extends Array {
    map() {
      return 0;
    }
  }
  assert.equal(peekProperty(new List(), 'map'), List.prototype.map);
  assert.equal(peekProperty(new List(), 'filter'), Array.prototype.filter);
});

test('primitives read their prototype\'s method; null, undefined, symbols and bigints give NOPE', () => {
  assert.equal(peekProperty('s', 'toUpperCase'), String.prototype.toUpperCase);
  assert.equal(peekProperty(1.5, 'toFixed'), Number.prototype.toFixed);
  assert.equal(peekProperty(true, 'toString'), Boolean.prototype.toString);
  assert.equal(peekProperty('s', 'hasOwnProperty'), Object.prototype.hasOwnProperty);
  for (const v of [null, undefined, Symbol('s'), 1n]) assert.equal(peekProperty(v, 'toString'), NOPE);
  const patched = function toUpperCase() {};
  withDefined(String.prototype, 'toUpperCase', { value: patched, writable: true }, () => {
    assert.equal(peekProperty('s', 'toUpperCase'), patched);
  });
});

test('an action that replaces the Reflect functions does not make a peek run its code', () => {
  const saved = { ...Reflect };
  const names = ['getOwnPropertyDescriptor', 'getPrototypeOf', 'apply'];
  let ran = 0;
  for (const name of names) {
    Reflect[name] = (...args) => {
      ran++;
      return saved[name](...args);
    };
  }
  try {
    assert.equal(peekProperty([1], 'map'), Array.prototype.map);
    assert.equal(peekProperty({ f: 1 }, 'f'), 1);
  } finally {
    for (const name of names) Reflect[name] = saved[name];
  }
  assert.equal(ran, 0);
});
