// A labelled block left with break.
// inputs: [{"skip": true}, {"skip": false}]
function main(params) {
  let steps = 0;
  check: {
    steps++;
    if (params.skip) break check;
    steps++;
  }
  return { steps };
}
