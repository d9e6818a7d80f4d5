// Differential: parallel (Promise.all over two fetches, then a dependent POST; every request must reach the backend once).
'use strict';
const { diffTest } = require('./harness');

const A = (args) => ({ args });
// The global Promise is not compiled (every native attempt aborts `unsupported` before any fetch,
// and ten in a row demote the action), so the point here is the fallback and the demoted state:
// replies, logs and requests as in Node.js. If Promise.all becomes native, set nativeExpected.
const inputs = [];
for (const id of [1, 2, 3, 42, 9, 'boom', 'fail', 'bad', 4, 6, 13, 'busy', 1, 2, 3, 42, 7, 8, 11, 12, 'x', 0, 5, 10, 20, 27, 34, 41, 1, 2]) inputs.push(A({ id }));
diffTest('parallel', { train: [{ id: 1 }, { id: 2 }, { id: 3 }], inputs, recompile: false, nativeExpected: false });
