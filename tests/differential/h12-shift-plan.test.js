// Differential: h12-shift-plan, dates from strings and numbers, local and UTC getters, day arithmetic across DST dates, invalid and limit dates, under UTC (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"start":"2024-05-01T08:00:00Z","days":2},{"start":"2024-05-02T09:00:00.000Z"},{"start":1714550400000,"days":3}],
  inputs: [
    {"start":"2024-03-09T12:00:00Z","days":3},
    {"start":"2024-11-02T06:30:00.000Z","days":3},
    {"start":"2024-03-31T00:30:00Z","days":2},
    {"start":"2024-10-27T00:30:00+00:00","days":2},
    {"start":"2024-03-10","days":1},
    {"start":"2024-03-10T02:30","days":1},
    {"start":"2024-03-10T02:30:00","days":1},
    {"start":"2024-11-03T01:30","days":1},
    {"start":"2024-06-15T23:59:59.999","days":1},
    {"start":0},
    {"start":-1},
    {"start":8640000000000000},
    {"start":8640000000000001},
    {"start":-8640000000000000},
    {"start":"garbage"},
    {"start":""},
    {"start":null},
    {"start":true},
    {"start":"2024-02-30T00:00:00Z"},
    {"start":"2024-02-29T24:00:00Z"},
    {"start":"+275760-09-13T00:00:00Z"},
    {"start":"-000001-01-01T00:00:00Z"},
    {"start":"1969-12-31T23:59:59.999Z","days":2},
    {"start":"2024-01-01T00:00:00.123456Z"},
    {"start":"2024-1-1"},
    {"start":"2024/01/01"},
    {"start":"Mon, 01 Jan 2024 00:00:00 GMT"},
    {"start":"2024-07-04T12:00:00-04:00","hour":25},
    {"start":"1900-01-01T00:00:00","days":1},
    {"start":"1883-11-18T12:00:00","days":1},
    {"start":"2038-01-19T03:14:08Z","days":2,"hour":-1},
    {"start":1000000000000,"days":1},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,1,1,0,1,1,0,0,0,0,0,1,1,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-shift-plan', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
