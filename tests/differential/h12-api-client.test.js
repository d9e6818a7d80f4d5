// Differential: h12-api-client, fetch with POST/PUT/PATCH/DELETE bodies, headers, encoded query strings, non-JSON and failing responses, redirects (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"calls":[{"id":1,"path":"/users/1"},{"id":1,"path":"/echo","method":"POST","json":{"a":1}}]},{"calls":[{"id":1,"path":"/text","query":{"q":"x y"}},{"id":1,"path":"/users/2","token":"t"}]},{"calls":[{"id":1,"path":"/echo","method":"PUT","text":"plain body"},{"id":1,"path":"/users/99"}],"strict":true}],
  inputs: [
    {"calls":[{"id":1,"path":"/users/1"},{"id":1,"path":"/echo","method":"POST","json":{"a":1}}]},
    {"calls":[{"id":1,"path":"/echo","method":"POST","json":{"s":"ünï😀","n":0,"big":1e+21,"arr":[null,1.5]}}]},
    {"calls":[{"id":1,"path":"/echo","method":"POST","json":"just a string"}]},
    {"calls":[{"id":1,"path":"/echo","method":"POST","json":null}]},
    {"calls":[{"id":1,"path":"/echo","method":"POST","text":""}]},
    {"calls":[{"id":1,"path":"/echo","method":"POST","text":"é\u0000\r\n"}]},
    {"calls":[{"id":1,"path":"/echo","method":"DELETE"}]},
    {"calls":[{"id":1,"path":"/echo","method":"PATCH","json":{"p":1}}]},
    {"calls":[{"id":1,"path":"/echo","method":"post","json":{"lower":true}}]},
    {"calls":[{"id":1,"path":"/text","query":{"q":"a&b=c","ü k":"/?#[]","e":""}}]},
    {"calls":[{"id":1,"path":"/text","query":{"q":"\ud800"}}]},
    {"calls":[{"id":1,"path":"/users/1","token":"abc def"}]},
    {"calls":[{"id":"ü","path":"/users/1"}]},
    {"calls":[{"id":1,"path":"/users/busy"},{"id":1,"path":"/users/boom"}]},
    {"calls":[{"id":1,"path":"/users/busy"}],"strict":true},
    {"calls":[{"id":1,"path":"/orders/bad"}]},
    {"calls":[{"id":1,"path":"/orders/fail"}]},
    {"calls":[{"id":1,"path":"/status","query":{"code":418}},{"id":1,"path":"/status","query":{"code":599}},{"id":1,"path":"/status","query":{"code":201}}]},
    {"calls":[{"id":1,"path":"/redirect","query":{"to":"/users/2"}}]},
    {"calls":[{"id":1,"path":"/redirect","method":"POST","json":{"r":1},"query":{"code":307,"to":"/echo"}}]},
    {"calls":[{"id":1,"path":"/redirect","method":"POST","json":{"r":1},"query":{"code":303,"to":"/echo"}}]},
    {"calls":[{"id":1,"path":"/redirect","method":"PUT","text":"x","query":{"code":301,"to":"/echo"}}]},
    {"calls":[{"id":1,"path":"/redirect","query":{"to":"other-origin"},"token":"secret"}]},
    {"calls":[{"id":1,"path":"/gzip","query":{"q":"z"}},{"id":1,"path":"/bom"}]},
    {"calls":[{"id":1,"path":"/badutf8"},{"id":1,"path":"/multi"},{"id":1,"path":"/empty"}]},
    {"calls":[{"id":1,"path":"/weird","query":{"v":2}},{"id":1,"path":"/weird","query":{"v":6}},{"id":1,"path":"/weird","query":{"v":13}}]},
    {"calls":[{"id":1,"path":"/big","query":{"n":3000}}]},
    {"calls":[{"id":1,"path":"/hops","query":{"n":3}}]},
    {"calls":[]},
    {"calls":[{"id":1,"path":"/users/1","method":"HEAD"}]},
    {"calls":[{"id":1,"path":"/echo","method":"GET","text":"body on get"}]},
    {"calls":[{"id":"a\nb","path":"/echo","method":"POST","json":{"x":"y"}}]},
    {"calls":[{"id":1,"path":"/nope"}]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,1,1,1,1,1,1,1,0,1,0,0,1,0,0,0,1,1,1,1,1,1,0,1,1,1,1,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-api-client', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
