// Differential: h12-resp-inspect, a fetch, then every corner of the Response on rarer paths (header iteration, getSetCookie, arrayBuffer, clone, bodyUsed, type, url), replayed after native fetches (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"path":"/users/1"},{"path":"/text?q=a"},{"path":"/users/2"}],
  inputs: [
    {"path":"/users/1"},
    {"path":"/users/1","deep":1},
    {"path":"/multi"},
    {"path":"/multi","deep":1},
    {"path":"/gzip?q=z"},
    {"path":"/gzip?q=z","deep":1},
    {"path":"/bom"},
    {"path":"/bom","deep":1},
    {"path":"/badutf8"},
    {"path":"/badutf8","deep":1},
    {"path":"/empty"},
    {"path":"/empty","deep":1},
    {"path":"/status?code=205"},
    {"path":"/status?code=205","deep":1},
    {"path":"/status?code=404"},
    {"path":"/status?code=404","deep":1},
    {"path":"/redirect?to=/users/2"},
    {"path":"/redirect?to=/users/2","deep":1},
    {"path":"/redirect?code=301&to=/text"},
    {"path":"/redirect?code=301&to=/text","deep":1},
    {"path":"/hops?n=2"},
    {"path":"/hops?n=2","deep":1},
    {"path":"/text?q=ü"},
    {"path":"/text?q=ü","deep":1},
    {"path":"/weird?v=6"},
    {"path":"/weird?v=6","deep":1},
    {"path":"/big?n=2"},
    {"path":"/big?n=2","deep":1},
    {"path":"/users/busy"},
    {"path":"/users/busy","deep":1},
    {"path":"/echo"},
    {"path":"/echo","deep":1},
    {"path":"/echo","deep":1,"init":{"method":"POST","body":"xyz","headers":{"content-type":"text/plain"}}},
    {"path":"/redirect?code=307&to=/echo","deep":1,"init":{"method":"POST","body":"{\"a\":1}","headers":{"content-type":"application/json"}}},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,0,0,1,0,1,0,1,0,1,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-resp-inspect', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
