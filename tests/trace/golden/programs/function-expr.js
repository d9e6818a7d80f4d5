// Function expressions and arrows that capture nothing, called directly.
// inputs: [{"x": 4}]
const double = function (x) { return x * 2; };
const inc = (x) => x + 1;
function main(params) {
  return { y: inc(double(params.x)) };
}
