// Module-level constants read by main.
// inputs: [{"x": 2}]
const FACTOR = 10;
const NAMES = ['a', 'b'];
function main(params) {
  return { y: params.x * FACTOR, names: NAMES };
}
