// exports.main = main at the top level: the value is evaluated, the store is not part of the program.
// inputs: [{"a": 2}]
function main(params) {
  return { double: params.a * 2 };
}
exports.main = main;
module.exports.helper = function (x) { return x; };
