// Differential: ow-sort, catalog utils/sort (default sort comparator, arrays logged by string concatenation): published OpenWhisk samples with untrained edge inputs (helper E2's hunt).
'use strict';
const { diffTest } = require('./harness');

const sort = {
  train: [{"lines":["b","a"]},{"lines":["x"]},{"lines":["one","two","three"]}],
  inputs: [
    {"lines":["b","a"]},
    {"lines":[]},
    {},
    {"lines":["ü","u","z","é","e","☃","😀","A"]},
    {"lines":[10,9,1,100,2]},
    {"lines":[null,"x","null","undefined"]},
    {"lines":"cba"},
    {"lines":[[2,1],[1,2]]},
    {"lines":[{"a":1},"b"]},
    {"lines":[true,false,"true"]},
    {"lines":[1e+21,0,0.1,-1,9007199254740992]},
    {"lines":null},
    {"lines":0},
    {"lines":["","a",""]},
    {"lines":["\ud800","\udc00","a"]},
    {"lines":["B","a","C","b"]},
    {"lines":{"0":"b","1":"a","length":2}},
    {"lines":[3,"a",2,"b",1]},
    {"lines":["a","b"],"extra":{"n":[1,{"m":"ü"}]}},
    {"lines":["k0","k37","k24","k11","k48","k35","k22","k9","k46","k33","k20","k7","k44","k31","k18","k5","k42","k29","k16","k3","k40","k27","k14","k1","k38","k25","k12","k49","k36","k23","k10","k47","k34","k21","k8","k45","k32","k19","k6","k43","k30","k17","k4","k41","k28","k15","k2","k39","k26","k13"]},
    {"lines":[1.5,1.25,-2,"NaN"]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,0,1,1,1,0,1,1,1,1,0,0,1,0,1,0,1,1,1,1],
};
if (sort.native.length !== sort.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-sort', { train: sort.train, inputs: sort.inputs.map((args, i) => ({ args, native: sort.native[i] ? true : undefined })) }, 'differential: ow-sort');

const sort2 = {
  train: [{"lines":["b","a"]},{},{"lines":[3,1,2]},{"lines":["b",1,null,"a"]}],
  inputs: [
    {},
    {"lines":[10,9,1,100,2,-1,-10]},
    {"lines":[0.5,1e+21,1e-7,0,0]},
    {"lines":["b",2,null,"a","null","nul","nulm"]},
    {"lines":["ü","u","z","é","e","☃","😀","A","￿","😀","\ud800"]},
    {"lines":[[2],[10],[1,2],[]]},
    {"lines":[{"a":1},"[object Object]","[object Objecs]"]},
    {"lines":[true,false,"true","false"]},
    {"lines":[0,62,27,89,54,19,81,46,11,73,38,3,65,30,92,57,22,84,49,14,76,41,6,68,33,95,60,25,87,52]},
    {"lines":[0,2.3,4.6,6.2,8.5,10.1,12.4,1,3.3,5.6,7.2,9.5,11.1,0.4,2,4.3,6.6,8.2,10.5,12.1,1.4,3,5.3,7.6,9.2,11.5,0.1,2.4,4,6.3]},
    {"lines":["10",10,"9",9]},
    {"lines":[null,null,"a"]},
    {"lines":[9007199254740992,9007199254740994,1152921504606847000,-1152921504606847000]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,1,0,1,1,1,1,1,1,1,1],
};
if (sort2.native.length !== sort2.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-sort', { train: sort2.train, inputs: sort2.inputs.map((args, i) => ({ args, native: sort2.native[i] ? true : undefined })) }, 'differential: ow-sort (trained on numbers and mixed types)');

const sort3 = {
  train: [{"lines":["b","a"]},{"lines":["x"]},{"lines":["one","two","three"]}],
  inputs: [
    {"lines":["￿","😀"]},
    {"lines":["😀","￿"]},
    {"lines":["","😀","a"]},
    {"lines":["ｚ","𝒜","ｚa"]},
    {"lines":["😀","😁","ﬁ","𐀀"]},
    {"lines":["é","é"]},
    {"lines":["ÿ","Ā","߿","ࠀ"]},
  ],
  // 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
  native: [1,1,1,1,1,1,1],
};
if (sort3.native.length !== sort3.inputs.length) throw new Error('native marks do not match the inputs');
diffTest('ow-sort', { train: sort3.train, inputs: sort3.inputs.map((args, i) => ({ args, native: sort3.native[i] ? true : undefined })) }, 'differential: ow-sort (UTF-16 order: astral vs BMP)');
