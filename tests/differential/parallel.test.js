// Differential: parallel (Promise.all over two fetches, then a dependent POST; every request must reach the backend once).
'use strict';
const { diffTest } = require('./harness');

const A = (args) => ({ args });
// Promise.all is native (compiler/runtime/src/promise.rs: every promise of the crate is settled
// when made, the two requests go out one after the other): replies, logs and requests as in
// Node.js, natively where the trace covers the input.
const inputs = [];
for (const id of [1, 2, 3, 42, 9, 'boom', 'fail', 'bad', 4, 6, 13, 'busy', 1, 2, 3, 42, 7, 8, 11, 12, 'x', 0, 5, 10, 20, 27, 34, 41, 1, 2]) inputs.push(A({ id }));
diffTest('parallel', { train: [{ id: 1 }, { id: 2 }, { id: 3 }], inputs, recompile: false });
