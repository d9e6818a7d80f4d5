// Differential: h12-safe-eval, native TypeErrors and RangeErrors caught and reported (message, name, String, instanceof, JSON), {error: e} results (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["id"],["customer","name"]]},{"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["missing","x"],["total"]]},{"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["items",0,"sku"],["note","x"]],"mode":"message"}],
  inputs: [
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["id"],["customer","name"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["missing","x"]],"mode":"error"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["note","x"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["note","x","y"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["items",5,"sku"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["customer","tags",0,"length","x","y"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["id"]],"call":"trim"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["label"]],"call":"nope"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["note"]],"call":"trim"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["missing"]],"call":"trim"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["total"]],"fixed":101},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["total"]],"fixed":-1},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["total"]],"fixed":2},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["label"]],"repeat":-1},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["label"]],"repeat":null},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["label"]],"repeat":2},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["label"]],"fixed":1},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["items"]],"call":"pop"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["customer"]],"call":"toString"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["note","x"],["missing","y"]],"mode":"message"},
    {"order":null,"paths":[["a"]]},
    {"order":"str","paths":[["length"],[0],["x","y"]]},
    {"order":[1,2],"paths":[["length"],["-1","x"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["__proto__","x","y"]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[[""],["customer",""]]},
    {"order":{},"paths":[["a b","c d"]]},
    {"order":{},"paths":[["k","ü"]]},
    {"order":{"k":null},"paths":[["k","😀"]]},
    {"order":{"k":null},"paths":[["k",5]]},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["id"]],"call":"toFixed"},
    {"order":{"id":7,"customer":{"name":"Ada","tags":["vip"]},"total":12.5,"items":[{"sku":"a","qty":2}],"note":null,"label":"ab"},"paths":[["total"]],"mode":"error","fixed":200},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-safe-eval', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
