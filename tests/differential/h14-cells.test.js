// Differential: h14-cells, shared cells (counters in callbacks, helper-made counters, a captured var, for-let bindings changed in the body, a cell per recursion level) and in-place string appends with earlier views kept (helper E2's H14 hunt).
'use strict';
const { diffTest } = require('./harness');

const T = (...kids) => ({ kids });
const spec = {
  train: [
    { xs: [1, 5, 3], limit: 2, start: 0, steps: 3, text: 'ab', tree: T(T(), T(T())) },
    { xs: [], limit: 0, start: 5, steps: 0, text: '', tree: {} },
    { xs: [10, -1], limit: 0, start: -2, steps: 5, text: 'x', tree: T() },
  ],
  inputs: [
    { xs: [1, 2, 3, 4, 5, 6], limit: 3, start: 2147483647, steps: 2, text: 'big', tree: T(T(), T(T())) },
    { xs: [0.5, 0.25], limit: -1, start: -2147483648, steps: 1, text: '😀', tree: T(T()) },
    { xs: [1e308, 1e308], limit: 0, start: 9007199254740991, steps: 3, text: 'z😀', tree: T(T()) },
    { xs: [-3, -2, -1], limit: -2, start: 0, steps: 10, text: 'é', tree: T(T(), T(), T(), T()) },
    { xs: [7], limit: 7, start: 1.5, steps: 1, text: 'a'.repeat(5000), tree: T() },
    { xs: Array.from({ length: 200 }, (_, i) => (i * 37) % 101), limit: 50, start: 1, steps: 50, text: 'long', tree: T() },
    // A deeper tree than the trace saw: the recursion's callback is not one the trace saw (a guard), Node.js answers.
    { xs: [1], limit: 0, start: 0, steps: 1, text: 'deep', tree: T(T(T(T(T(T()))))) },
    // Untraced shapes: strings in xs (concatenation where the trace added), a string start, a missing tree.
    { xs: ['a', 'b'], limit: 'a', start: 0, steps: 1, text: 's', tree: {} },
    { xs: [1], limit: 0, start: 'n', steps: 2, text: 't', tree: {} },
    { xs: [2, 3], limit: 1, start: 0, steps: 2, text: null },
    // A lone surrogate in the arguments: the runtime hands the activation to Node.js (no native attempt).
    { xs: [1, 2], limit: 0, start: 9, steps: 3, text: '\ud83d', tree: T(T()) },
    // An empty tree (unmarked: native or not, the answers must agree).
    { xs: [4], limit: 1, start: 3, steps: 2, text: 'e', tree: {} },
  ],
  native: [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h14-cells', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
