// A labelled continue to the outer loop.
// inputs: [{}]
function main(params) {
  const pairs = [];
  outer: for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      if (j > i) continue outer;
      pairs.push(i * 10 + j);
    }
  }
  return { pairs };
}
