// Differential: h12-input-errors, V8's own TypeError/RangeError/SyntaxError/ReferenceError texts for malformed input (destructuring, iteration, calls, new, in, instanceof, conversions) (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"ok"},{"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"none"},{"rec":{"id":1,"meta":{"tags":[]}},"num":42,"str":"hello","neg":-1,"mode":"ok"}],
  inputs: [
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"ok"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"destructure"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"destructure-nested"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"param"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"array-pattern"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"spread"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"spread-call"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"ctor"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"call"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"call-deep"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"in"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"instanceof"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"set"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"keys"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"json"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"repeat"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"array-len"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"tofixed"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"ref"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"const"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"for-of"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"await-thenable"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"uri"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"bigint"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"symbol"},
    {"rec":{"id":7,"meta":{"tags":["a"]}},"num":42,"str":"hello","neg":-1,"mode":"cyclic"},
    {"mode":"param","rec":{"id":1}},
    {"mode":"param","rec":null},
    {"mode":"destructure-nested","rec":{}},
    {"mode":"call-deep","rec":{"meta":{}}},
    {"mode":"json","str":"{\"a\":"},
    {"mode":"json","str":""},
    {"mode":"json","str":"{bad}"},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-input-errors', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
