// Differential: h12-merge-opts, Object.assign, spread, key copy, for...in and deep merge of options with own __proto__ and constructor keys (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"how":"assign","opts":{"retries":1}},{"how":"spread","opts":{"verbose":true}},{"how":"deep","opts":{"c":{"d":1}}}],
  inputs: [
    {"how":"assign","opts":{"retries":5}},
    {"how":"assign","opts":{"__proto__":{"isAdmin":true},"retries":3}},
    {"how":"assign","opts":{"__proto__":null}},
    {"how":"assign","opts":{"__proto__":[1,2]}},
    {"how":"assign","opts":{"__proto__":"str"}},
    {"how":"assign","opts":{"nested":{"__proto__":{"isAdmin":true}}}},
    {"how":"assign","opts":{"constructor":{"prototype":{"isAdmin":true}}}},
    {"how":"assign","opts":{"isAdmin":true,"__proto__":{"x":1}}},
    {"how":"spread","opts":{"retries":5}},
    {"how":"spread","opts":{"__proto__":{"isAdmin":true},"retries":3}},
    {"how":"spread","opts":{"__proto__":null}},
    {"how":"spread","opts":{"__proto__":[1,2]}},
    {"how":"spread","opts":{"__proto__":"str"}},
    {"how":"spread","opts":{"nested":{"__proto__":{"isAdmin":true}}}},
    {"how":"spread","opts":{"constructor":{"prototype":{"isAdmin":true}}}},
    {"how":"spread","opts":{"isAdmin":true,"__proto__":{"x":1}}},
    {"how":"copy","opts":{"retries":5}},
    {"how":"copy","opts":{"__proto__":{"isAdmin":true},"retries":3}},
    {"how":"copy","opts":{"__proto__":null}},
    {"how":"copy","opts":{"__proto__":[1,2]}},
    {"how":"copy","opts":{"__proto__":"str"}},
    {"how":"copy","opts":{"nested":{"__proto__":{"isAdmin":true}}}},
    {"how":"copy","opts":{"constructor":{"prototype":{"isAdmin":true}}}},
    {"how":"copy","opts":{"isAdmin":true,"__proto__":{"x":1}}},
    {"how":"forin","opts":{"retries":5}},
    {"how":"forin","opts":{"__proto__":{"isAdmin":true},"retries":3}},
    {"how":"forin","opts":{"__proto__":null}},
    {"how":"forin","opts":{"__proto__":[1,2]}},
    {"how":"forin","opts":{"__proto__":"str"}},
    {"how":"forin","opts":{"nested":{"__proto__":{"isAdmin":true}}}},
    {"how":"forin","opts":{"constructor":{"prototype":{"isAdmin":true}}}},
    {"how":"forin","opts":{"isAdmin":true,"__proto__":{"x":1}}},
    {"how":"deep","opts":{"retries":5}},
    {"how":"deep","opts":{"constructor":{"prototype":{"isAdmin":true}}}},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,0,0,0,1,1,0,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-merge-opts', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
