// Differential: bulk-log (thousands of log lines and lines of up to 1 MB written natively, with the sentinels after them).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ lines: 3, width: 10 }, { lines: 1, width: 0 }, { lines: 10, width: 100 }],
  inputs: [{ lines: 3, width: 10 }, { lines: 5000, width: 10 }, { lines: 10, width: 100000 }, { lines: 1, width: 1000000 }, { lines: 0, width: 5 }, { lines: 3, width: 10 }],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('bulk-log', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
