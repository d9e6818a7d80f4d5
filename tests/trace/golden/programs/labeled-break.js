// Nested loops left by a labelled break.
// inputs: [{"target": 4}, {"target": 100}]
function main(params) {
  let found = null;
  outer: for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      if (i * j === params.target) {
        found = [i, j];
        break outer;
      }
    }
  }
  return { found };
}
