// Differential: h12-web-api, a web action router: __ow_method, __ow_path, __ow_headers, __ow_query, raw __ow_body, {statusCode, headers, body} replies (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},{"__ow_method":"get","__ow_path":"/items/1","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},{"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example","content-type":"application/json"},"__ow_query":"","__ow_body":"{\"name\":\"x\",\"price\":\"2\"}"}],
  inputs: [
    {"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items/2","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items/9","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"limit=1"},
    {"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"limit=abc&x=%C3%BC+y&&z"},
    {"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":"text/csv"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items/1","__ow_headers":{"if-none-match":"\"1-6\""},"__ow_query":""},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"{\"name\":\"  ünï  \",\"price\":1e21}"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"not json"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"[1,2]"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"null"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"{\"name\":\"\"}"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"delete","__ow_path":"/items/1","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"put","__ow_path":"/items/1","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/other/x","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"//items//","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {},
    {"__ow_method":"patch"},
    {"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"%E0%A4%A"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"eyJuYW1lIjoiYiJ9"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"{\"name\":{\"a\":1}}"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"{\"name\":\"a\",\"price\":-0}"},
    {"__ow_method":"get","__ow_path":"/items","__ow_headers":{"accept":["text/csv"]},"__ow_query":""},
    {"__ow_method":"GET","__ow_path":"/items/1","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items/__proto__","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items/constructor","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"get","__ow_path":"/items/toString","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":""},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"{\"name\":\"\\ud800\"}"},
    {"__ow_method":"post","__ow_path":"/items","__ow_headers":{"accept":"application/json","user-agent":"curl/8","host":"x.example"},"__ow_query":"","__ow_body":"{\"__proto__\":{\"name\":\"p\"}}"},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,1,0,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-web-api', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
