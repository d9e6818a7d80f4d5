// Differential: h12-post-kinds, fetch bodies of every JS type, methods in any case, header maps with odd names and values, refused headers (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"body":"hello"},{"body":"{\"a\":1}","headers":{"content-type":"application/json"}},{"method":"PUT","body":"x","headers":{"x-id":"7"}}],
  inputs: [
    {"body":"hello"},
    {"body":5},
    {"body":true},
    {"body":{"a":1}},
    {"body":[1,2]},
    {"body":null},
    {"body":""},
    {"nobody":1},
    {"body":"é😀"},
    {"method":"GET","body":"x"},
    {"method":"HEAD","body":"x"},
    {"method":"get","nobody":1},
    {"method":"post","body":"lower"},
    {"method":"Patch","body":"mixed"},
    {"method":"delete","body":"d"},
    {"method":"CONNECT","body":"x"},
    {"method":"TRACE","nobody":1},
    {"method":"FOO","body":"custom"},
    {"method":"bad method","body":"x"},
    {"method":"","body":"x"},
    {"body":"x","headers":{"X-Token":"a","x-token":"b"}},
    {"body":"x","headers":[["X-A","1"],["x-a","2"],["X-B","3"]]},
    {"body":"x","headers":{"x-pad":"  padded  "}},
    {"body":"x","headers":{"x-uni":"café"}},
    {"body":"x","headers":{"x-uni":"😀"}},
    {"body":"x","headers":{"x-num":5,"x-null":null,"x-bool":false}},
    {"body":"x","headers":{"bad name":"1"}},
    {"body":"x","headers":{"":"1"}},
    {"body":"x","headers":{"content-length":"99"}},
    {"body":"x","headers":{"host":"evil.example"}},
    {"body":"x","headers":{"connection":"keep-alive"}},
    {"body":"x","headers":{"transfer-encoding":"chunked"}},
    {"body":"x","headers":{"expect":"100-continue"}},
    {"body":"x","headers":{"x-nl":"a\nb"}},
    {"body":"x","headers":{"Content-Type":"text/csv","content-type":"text/plain"}},
    {"body":"x","headers":[["x-only-name"]]},
    {"body":"x","headers":"not-an-object"},
    {"body":"x","headers":{"cookie":"a=1","user-agent":"mine/1.0","accept":"text/html","accept-encoding":"identity","referer":"http://r/"}},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,0,0,0,1,1,0,1,0,0,0,1,0,1,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-post-kinds', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
