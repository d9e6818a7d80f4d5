// Differential: h12-debug-dump, console.log of arrays with extra properties and holes, quoted keys and strings, number columns, depth, util.format specifiers (helper E's H12 hunt).
'use strict';
const { diffTest } = require('./harness');

const spec = {
  train: [{"xs":[1,2,3],"keys":["a","b"],"deep":1,"a":5},{"xs":["x","y"],"keys":["k"],"deep":"d","a":"str"},{"xs":[],"keys":[],"deep":null,"a":1.5}],
  inputs: [
    {"xs":[1,2,3],"keys":["a","b"],"deep":1,"a":5},
    {"xs":[1,2],"tag":"T","a":1},
    {"xs":[1],"hole":true,"a":2},
    {"xs":[],"hole":true,"tag":0,"a":3},
    {"xs":[0,7,14,21,28,35,42,49,56,63,70,77,84,91,98,105,112,119,126,133,140,147,154,161,168,175,182,189,196,203],"a":1},
    {"xs":[0,1111,2222,3,4444,5555,6,7777,8888,9,11110,12221,12,14443,15554,15,17776,18887,18,21109,22220,21,24442,25553,24,27775,28886],"a":1},
    {"xs":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100],"a":1},
    {"xs":["w","wx","wxx","wxxx","wxxxx","w","wx","wxx","wxxx","wxxxx","w","wx","wxx","wxxx","wxxxx","w","wx","wxx","wxxx","wxxxx","w","wx","wxx","wxxx","wxxxx","w"],"a":1},
    {"xs":[0,-1.5,-3,-4.5,-6,-7.5,-9,-10.5],"a":0},
    {"xs":[0,0,1e+21,1e-7,null],"a":null},
    {"xs":["it's","say \"hi\"","both ' and \"","all ' \" `","nl\nx","tab\t","\u0001","é😀","\ud800"],"a":"q'uote"},
    {"keys":["a-b","1","01","with space","","ünï","$ok","_ok","class","😀","-1","1e3","4294967295"],"a":"x"},
    {"deep":{"a":{"b":1}},"a":{"k":[1,{"z":2}]}},
    {"deep":[1,[2,[3]]],"a":[1,2,3]},
    {"deep":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","a":"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"},
    {"a":42.9,"fmt":"%i %d %f %s"},
    {"a":"42.9abc","fmt":"%i|%d|%f"},
    {"a":"str","fmt":"%%s %s %"},
    {"a":null,"fmt":"%j %s %d"},
    {"a":true,"fmt":"%d %i %f %j"},
    {"a":[1,"a"],"fmt":"%s %j"},
    {"a":{"x":{"y":{"z":{"w":1}}}},"fmt":"%s | %j | %O"},
    {"a":"","fmt":""},
    {"a":"x","fmt":"%"},
    {"a":"x","fmt":"no specifiers"},
    {"a":1e+21,"fmt":"%d %i %s"},
    {"a":0,"fmt":"%d %i %s %f"},
    {"a":"0x1f","fmt":"%d %i %f"},
    {"a":" 12 ","fmt":"%d|%i|%f"},
    {"a":[],"fmt":"%s %d"},
    {"a":{},"fmt":"%s %i"},
    {"xs":["","ab","abab","ababab","abababab","ababababab","abababababab"],"a":0},
    {"xs":[1,"a",1,"a",1,"a",1,"a",1,"a",1,"a",1,"a",1,"a"],"a":0},
    {"xs":[[1,2],[3,4],[5,6],[7,8],[9,10],[11,12],[13,14]],"a":0},
    {"xs":[{"id":0},{"id":1},{"id":2},{"id":3},{"id":4},{"id":5},{"id":6},{"id":7},{"id":8},{"id":9},{"id":10},{"id":11}],"a":0},
    {"xs":[null,null,null,null,null,null],"tag":[1,2]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
};
if (spec.native.length !== spec.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('h12-debug-dump', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: spec.native[i] ? true : undefined })) });
