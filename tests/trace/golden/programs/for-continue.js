// A for loop with continue: the update still runs.
// inputs: [{"n": 6}, {"n": 1}]
function main(params) {
  let odd = 0;
  for (let i = 0; i < params.n; i++) {
    if (i % 2 === 0) continue;
    odd += i;
  }
  return { odd };
}
