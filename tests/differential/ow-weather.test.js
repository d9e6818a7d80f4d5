// Differential: the docs' "call an external API" weather action (a location spliced unencoded into a query URL) on fetch, as a .then chain and with await; webpacked main (global.main).
'use strict';
const { diffTest } = require('./harness');

const weather = {
  train: [{ location: 'Vermont' }, {}, { location: 'New York' }],
  inputs: [
    { location: 'Vermont' }, {}, { location: 'São Paulo' }, { location: 'a#b' }, { location: 'a%zz' }, { location: 'a%20b' }, { location: "O'Hare" }, { location: 'a\\b' }, { location: 'a\tb\nc' }, { location: '<x>`{|}^' },
    { location: '😀' }, { location: '\ud800' }, { location: 'a?b&c=d' }, { location: ' lead' }, { location: 'x'.repeat(3000) }, { location: 5 }, { location: '%' }, { location: '[::1]' }, { location: '\u0000' }, { location: '\u007f\u0080' },
    { location: '\u00a0' }, { location: 'a/../b' }, { location: '"' }, { location: '\r' },
  ],
};

// Not native today: the .then callbacks are closures the compiler does not support, and the await
// variant's URL (spaces, quotes) is outside the form native fetch takes, so both are demoted after
// ten aborts; asserted: the answers, logs and backend requests agree (a fetch never sent twice).
diffTest('ow-weather', { train: weather.train, inputs: weather.inputs.map((args) => ({ args })), nativeExpected: null }, 'differential: ow-weather (promise chain)');
diffTest('ow-weather-await', { train: weather.train, inputs: weather.inputs.map((args) => ({ args })), nativeExpected: null }, 'differential: ow-weather-await (async/await)');

// main assigned to `global` (webpack's output): never compiled ("main is not a plain function declared in the action").
const webpacked = { train: [{}, { name: 'x' }, { name: 'y' }], inputs: [{}, { name: 'x' }, { name: 5 }, { name: null }, { name: ['a'] }, { name: 'ü☃' }] };
diffTest('ow-webpacked', { train: webpacked.train, inputs: webpacked.inputs.map((args) => ({ args })), expectCompile: false, nativeExpected: false }, 'differential: ow-webpacked (runtime tests "webpacked function")');
