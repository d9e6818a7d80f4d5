// Differential: report-builder (forEach and Object.keys().forEach with nested closures, new Date(), Date.parse of ISO strings from the input).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const ev = (team, at) => ({ team, at });
const week = [ev('red', '2024-03-01T10:00:00Z'), ev('blue', '2024-03-02T23:59:59.999Z'), ev('red', '2024-03-05T00:00:00.000+02:00')];

diffTest('report-builder', {
  train: [
    { events: week, since: '2024-03-01T00:00:00Z' },
    { events: [ev('ops', '2024-02-28T12:00:00Z'), ev('ops', '2024-03-03T12:00:00Z')], since: '2024-03-01' },
    { events: week.concat([ev('green', '2024-03-04T08:30:00Z')]), since: '2024-03-02T00:00:00.000Z' },
  ],
  inputs: [
    N({ events: week, since: '2024-03-01T00:00:00Z' }), N({ events: week, since: '2024-02-29' }), // leap day
    N({ events: [], since: '2024-03-01' }),
    N({ events: [ev('x', '1970-01-01T00:00:00Z')], since: '1969-12-31T23:59:59.999Z' }),
    N({ events: [ev('y2k', '2000-01-01T00:00:00.000-05:00')], since: '1999-12-31' }),
    A({ events: [ev('red', '2024-03-01T10:00:00Z')], since: 'yesterday' }), // NaN: RangeError in toISOString
    A({ events: [ev('red', 'not a date')], since: '2024-03-01' }), // Invalid Date: RangeError
    A({ events: [{ at: '2024-03-01T00:00:00Z' }], since: '2024-03-01' }), // unassigned
    A({ events: [ev('', '2024-03-01T00:00:00Z')], since: '2024-03-01' }),
    A({ events: 'none', since: '2024-03-01' }), A({ since: '2024-03-01' }), A({ events: null }),
    A({ events: [null], since: '2024-03-01' }), N({ events: [ev(5, '2024-03-01T00:00:00Z')], since: '2024-03-01' }),
    A({ events: [ev('red', 1709251200000)], since: '2024-03-01' }), // a number: new Date(ms)
    A({ events: [ev('red', '2024-03-01T10:00:00Z')], since: 1709251200000 }),
    N({ events: [ev('ünï✓', '2024-03-01T10:00:00Z'), ev('😀', '2024-03-09T10:00:00Z')], since: '2024-03-01' }),
    N({ events: [ev('far', '+275760-09-13T00:00:00.000Z')], since: '2024-03-01' }), // the last valid instant
    A({ events: [ev('far', '+275760-09-13T00:00:00.001Z')], since: '2024-03-01' }), // one past: invalid
    N({ events: [ev('old', '-000001-01-01T00:00:00Z')], since: '-000002-06-01' }), // negative years
    N({ events: [ev('red', '2024-03-01T10:00')], since: '2024-03-01' }), // no zone: local time
    N({ events: [ev('red', '2024-02-30T10:00:00Z')], since: '2024-03-01' }), // day 30 of February
    N({ events: [ev('red', '2024-03-01T24:00:00Z')], since: '2024-03-01' }), // 24:00
    A({ events: [ev('red', 'Fri, 01 Mar 2024 10:00:00 GMT')], since: '2024-03-01' }), // not ISO
    A({ events: [ev('toString', '2024-03-01T10:00:00Z'), ev('__proto__', '2024-03-01T10:00:00Z')], since: '2024-03-01' }),
    N({ events: [ev('a', '2024-03-10T00:00:00Z'), ev('b', '2024-03-20T00:00:00Z'), ev('a', '2024-03-30T00:00:00Z')], since: '2024-03-01T00:00:00Z' }),
    A({ events: [ev('red', '2024-03-01T10:00:00.123456Z')], since: '2024-03-01' }), // more than 3 fraction digits
    N({ events: week, since: '2024-03-05' }),
  ],
  recompile: true,
});
