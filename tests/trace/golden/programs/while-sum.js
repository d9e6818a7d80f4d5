// A while loop summing numbers.
// inputs: [{"n": 0}, {"n": 4}]
function main(params) {
  let i = 0;
  let sum = 0;
  while (i < params.n) {
    sum += i;
    i++;
  }
  return { sum };
}
