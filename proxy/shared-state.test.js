// Tests of shared-state.js: a change to a watched built-in is seen, sticky and named; a global the action adds is not a change.
'use strict';

const assert = require('node:assert/strict');
const util = require('node:util');
const { test } = require('node:test');
const { SharedStateWatch } = require('./shared-state');

/** Runs `change`, asks the watch, then `undo` (these tests share one process's built-ins). */
function afterChange(change, undo) {
  const watch = new SharedStateWatch();
  assert.equal(watch.changed(), false, 'a fresh watch sees no change');
  change();
  try {
    return { changed: watch.changed(), reason: watch.reason, watch };
  } finally {
    undo();
  }
}

test('shared-state: prototype pollution, a replaced method, a deleted one and util.inspect options are changes', () => {
  const log = console.log;
  const join = Array.prototype.join;
  const max = Math.max;
  const depth = util.inspect.defaultOptions.depth;
  const cases = [
    [() => { Object.prototype.isAdmin = true; }, () => { delete Object.prototype.isAdmin; }, 'Object.prototype'],
    [() => { console.log = () => {}; }, () => { console.log = log; }, 'console'],
    [() => { Array.prototype.join = () => 'x'; }, () => { Array.prototype.join = join; }, 'Array.prototype'],
    [() => { delete Math.max; }, () => { Math.max = max; }, 'Math'],
    [() => { util.inspect.defaultOptions.depth = 6; }, () => { util.inspect.defaultOptions.depth = depth; }, 'util.inspect.defaultOptions'],
    [() => { Object.setPrototypeOf(Array.prototype, null); }, () => { Object.setPrototypeOf(Array.prototype, Object.prototype); }, 'Array.prototype'],
  ];
  for (const [change, undo, what] of cases) {
    const r = afterChange(change, undo);
    assert.equal(r.changed, true, what);
    assert.equal(r.reason, `an activation changed the built-in ${what}`);
    // Sticky: undoing the change does not make the native copy right again.
    assert.equal(r.watch.changed(), true, `${what}: sticky`);
  }
});

test('shared-state: a replaced global is a change; a global the action adds is not', () => {
  const parse = globalThis.parseInt;
  const r = afterChange(() => { globalThis.parseInt = () => 1; }, () => { globalThis.parseInt = parse; });
  assert.equal(r.changed, true);
  assert.equal(r.reason, 'an activation changed the global parseInt');
  const added = afterChange(() => { globalThis.greetingForTest = 'hello'; }, () => { delete globalThis.greetingForTest; });
  assert.equal(added.changed, false);
  // Reads, calls and objects of the action's own change nothing.
  const quiet = afterChange(() => { JSON.stringify({ a: [1, 2].join('-') }); Object.keys({ x: 1 }); new Date(0).toISOString(); }, () => {});
  assert.equal(quiet.changed, false);
});
