// do...while runs its body once before the test.
// inputs: [{"n": 0}, {"n": 3}]
function main(params) {
  let count = 0;
  do {
    count++;
  } while (count < params.n);
  return { count };
}
