// Differential: num-format (toFixed, toString(radix), parseInt/parseFloat/Number of edge strings, Math.sign/round/trunc, -0, 1e21, huge and tiny numbers, logged and returned).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [
    { values: [1, 2.5, '3', ' 1,234.5 '], raw: '42', radix: 10 },
    { values: [10, -7.25], digits: 1, raw: 'ff', radix: 16 },
    { values: ['0.1', 0.2, 100], digits: 3, raw: '12px', radix: 10 },
  ],
  inputs: [
    { values: [1, 2.5, '3', ' 1,234.5 '], raw: '42', radix: 10 },
    { values: [0.1, 0.2], digits: 20, raw: '1e3', radix: 10 }, { values: [-0, 0], raw: '-0', radix: 10 },
    { values: [1e21, 1e-7, 123456789012345680000], raw: '1e21', radix: 10 }, { values: [2 ** 53 + 2, -(2 ** 53)], raw: '9007199254740993', radix: 10 },
    { values: [1.005, 2.345, 0.5, 1.5, 2.5, -0.5, -1.5], digits: 2, raw: '0x1A', radix: 16 }, { values: [0.000001, 0.0000001], digits: 10, raw: '.5', radix: 10 },
    { values: [255, 3.75, -255.5], raw: 'z', radix: 36 }, { values: [1 / 3, 2 / 3], digits: 0, raw: '  -12.9e2xyz', radix: 10 }, { values: [5e-324, 1.7976931348623157e308], raw: 'Infinity', radix: 10 },
    { values: [1e300, 1e300], raw: '-Infinity', radix: 10 }, { values: [], raw: '', radix: 10 }, { values: ['abc', '12abc'], raw: 'abc', radix: 10 },
    { values: ['', '  '], raw: ' ', radix: 2 }, { values: ['1e5', '1E-3', '-.5', '+7'], raw: '101', radix: 2 }, { values: [123.456], digits: 100, raw: '1', radix: 10 },
    { values: [123.456], digits: -1, raw: '1', radix: 10 }, { values: [1e21], digits: 2, raw: '1', radix: 1 }, { values: [12.5], digits: '1', raw: '7', radix: 37 },
    { values: [12.5], digits: 1.9, raw: '08', radix: 0 }, { values: [0.1 + 0.2], digits: 17, raw: '0.1', radix: 10 }, { values: [99.995, 999.9999], digits: 2, raw: '2', radix: 3 },
    { values: [0.00001234], raw: 'ä', radix: 10 }, { values: [1e-10, -1e-10], digits: 5, raw: null, radix: 10 }, { values: [null, true], raw: '1', radix: 10 },
    { values: [4294967295, 4294967296, -2147483649], raw: '4294967296', radix: 10 }, { values: '123', raw: '1', radix: 10 }, { values: [1], raw: 1e21, radix: 10 },
    { values: [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER], raw: '  0b11', radix: undefined }, { values: [0.1], raw: '1_000', radix: 10 },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,0,0,1,1,1,1,0,0,1,1,1,1,1,0,0,1,1,1,1,1,1,0,1,0,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('num-format', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
