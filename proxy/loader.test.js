// Unit tests of proxy/loader.js: splitMainHandler (the archive `main` forms) and how text actions are evaluated.
'use strict';

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const { loadAction, splitMainHandler } = require('./loader');

describe('splitMainHandler', () => {
  test('a plain name is a property of the package: [undefined, name]', () => {
    assert.deepEqual(splitMainHandler('main'), [undefined, 'main']);
    assert.deepEqual(splitMainHandler('niam'), [undefined, 'niam']);
  });

  test('"a.b" is property b of module a; "a.b.c" is the path b.c of module a', () => {
    assert.deepEqual(splitMainHandler('handler.main'), ['handler', 'main']);
    assert.deepEqual(splitMainHandler('a.b.c'), ['a', 'b.c']);
    assert.deepEqual(splitMainHandler('lib/handler.main'), ['lib/handler', 'main']);
  });

  test('names without a usable form', () => {
    for (const main of ['', '.', '.main', 'main.']) {
      assert.equal(splitMainHandler(main), undefined, JSON.stringify(main));
    }
  });
});

describe('loadAction (text)', () => {
  const load = (code, main = 'main') => loadAction({ code, main, binary: false }, { tmpRoot: '/nonexistent' });

  test('each action gets its own module and exports', async () => {
    const a = await load('exports.main = () => "a";');
    const b = await load('module.exports.main = () => "b";');
    const c = await load('function main() { return typeof exports.main; }');
    assert.equal(a.main(), 'a');
    assert.equal(b.main(), 'b');
    assert.equal(c.main(), 'undefined', 'the action sees its own (empty) exports, not an earlier action\'s');
    assert.equal(c.workspace, undefined);
  });

  test('the code runs in sloppy mode unless it says "use strict"', async () => {
    const sloppy = await load('function main() { containerlessSloppyGlobal = 1; return typeof containerlessSloppyGlobal; }');
    try {
      assert.equal(sloppy.main(), 'number');
    } finally {
      delete globalThis.containerlessSloppyGlobal;
    }
    const strict = await load('"use strict";\nfunction main() { containerlessStrictGlobal = 1; }');
    assert.throws(() => strict.main(), ReferenceError);
  });

  test('the code sees no parameter named after the entry point', async () => {
    // `return main` must find the action's exports.main, not a name of the evaluator.
    const { main } = await load('exports.main = function () { return "from exports"; };');
    assert.equal(main(), 'from exports');
  });

  test('an entry point that is not a function is refused with the stock message, a string', async () => {
    await assert.rejects(load('var main = 1;'), (e) => e === "Action entrypoint 'main' is not a function.");
    await assert.rejects(load('function main() {}', 'other'), (e) => e === "Action entrypoint 'other' is not a function.");
  });

  test('errors while evaluating reject with the Error itself', async () => {
    await assert.rejects(load('function main( {'), SyntaxError);
    await assert.rejects(load('null.x; function main() {}'), TypeError);
  });
});
