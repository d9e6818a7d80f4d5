// Differential: coerce-table (Number, unary +, parseInt with and without radix, parseFloat, String, toFixed, Math.round/trunc, isNaN/isFinite, == of form strings and numbers: signs, radix prefixes, exotic white space, huge and tiny values).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ fields: ['12', 3.5, ' 7 ', 'abc'] }, { fields: [0, '0x1F', '-2.5', '1e3'] }, { fields: ['', 42, '08', '-0'] }],
  inputs: [
    { fields: ['12', 3.5, ' 7 ', 'abc'] }, { fields: ['-0', '+0', '0.0', '-0.0', '00', '0.', '.0'] }, { fields: ['Infinity', '-Infinity', 'infinity', '+Infinity', 'NaN', 'nan'] },
    { fields: ['1e21', '1e-7', '123456789012345678901234567890', '9007199254740993', '0.1', '1.005'] }, { fields: ['0x10', '-0x10', '0X1f', '0b101', '0o17', '0x', '0xg'] },
    { fields: ['1_000', '1,000', '١٢', '１２', '12px', 'px12', '12.5.6', '--1', '+-1', '.', '+.5e-1', 'e5', '5e'] },
    { fields: [' \t\n12\r ', '\u00a012\u00a0', '\ufeff12', '\u200b12', '\u3000 12'] }, { fields: [1e21, 1e-7, 0.0000005, -1e-7, 2 ** 53, -(2 ** 31), 4294967296] },
    { fields: [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 4503599627370495.5] }, { fields: [1.7976931348623157e308, 5e-324, -5e-324] },
    { fields: ['9'.repeat(400), '-' + '9'.repeat(400), '0.' + '0'.repeat(400) + '1'] }, { fields: ['1e400', '-1e400', '1e-400'] }, { fields: [true, false, null] },
    { fields: [[], [5], ['7'], [1, 2], {}] }, { fields: [''] }, { fields: [] }, { fields: 'abc' }, {}, { fields: ['12', 3.5, ' 7 ', 'abc', 0, '0x1F', '-2.5', '1e3', '', 42, '08', '-0'] },
    { fields: ['3', -3, '-3', 3.000001, '3.0000000000000001', '2.9999999999999999'] }, { fields: ['0.1e1', '1e+2', '1E2', '1e-2', '1e', '1e+', '-.5', '-5.'] },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('coerce-table', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
