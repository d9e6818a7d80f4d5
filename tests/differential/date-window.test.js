// Differential: date-window (Date.now, new Date of ISO strings and numbers, getUTC* getters, Date.UTC, toISOString/toUTCString, dates at the limits, invalid dates).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{ from: '2024-03-01T14:00:00Z', to: '2024-03-04T10:00:00Z' }, { from: '2024-02-27T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z' }, { from: 1700000000000, to: 1700600000000 }],
  inputs: [
    { from: '2024-03-01T14:00:00Z', to: '2024-03-04T10:00:00Z' }, { from: '2024-12-30T12:00:00Z', to: '2025-01-02T12:00:00Z' }, { from: '2023-02-28T00:00:00Z', to: '2023-03-01T00:00:00Z' },
    { from: '2024-03-01', to: '2024-03-10' }, { from: '2024-03-01T00:00', to: '2024-03-03T00:00' }, { from: '2024-03-01T14:00:00+05:30', to: '2024-03-04T10:00:00-08:00' }, { from: 0, to: 86400000 * 3 },
    { from: -86400000 * 3, to: 0 }, { from: '1969-12-31T00:00:00Z', to: '1970-01-02T00:00:00Z' }, { from: '0001-01-01T00:00:00Z', to: '0001-01-05T00:00:00Z' }, { from: '+275760-09-10T00:00:00Z', to: '+275760-09-13T00:00:00Z' },
    { from: 8.64e15 - 86400000 * 2, to: 8.64e15 }, { from: -8.64e15, to: -8.64e15 + 86400000 * 2 }, { from: '2024-03-04T10:00:00Z', to: '2024-03-01T14:00:00Z' }, { from: 'nope', to: '2024-03-01' },
    { from: '2024-03-01', to: 'nope' }, { from: null, to: 86400000 * 2 }, { from: true, to: 86400000 * 2 }, {}, { from: '2024-03-01T14:00:00.123456Z', to: '2024-03-04T10:00:00.9Z' },
    { from: '2024-02-30T00:00:00Z', to: '2024-03-05T00:00:00Z' }, { from: '2024-03-31T23:59:59.999Z', to: '2024-04-02T00:00:00Z' }, { from: 1.5, to: 86400000 * 2.5 }, { from: '2024', to: '2025' },
    { from: [2024], to: [2025] }, { from: 'Mar 1, 2024', to: 'Mar 4, 2024' }, { from: '2024-03-01T14:00:00Z', to: 1e21 },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,1,1,1,1,1,1,1,1,1,0,0,1,0,0,0,0,0,0,0,1,1,1,1,0,0,0];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('date-window', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
