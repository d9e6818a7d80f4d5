// A shadowing inner `let` gets a unique name.
// inputs: [{"x": 1}]
function main(params) {
  let x = params.x;
  let total = 0;
  {
    let x = 100;
    total += x;
  }
  for (let x = 0; x < 2; x++) total += x;
  return { x, total };
}
