// main writes a module binding: the program is not compilable.
// inputs: [{}, {}]
let counter = 0;
function main(params) {
  counter++;
  return { counter };
}
