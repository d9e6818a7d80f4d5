// if / else if / else chains.
// inputs: [{"n": -3}, {"n": 0}, {"n": 9}]
function main(params) {
  let sign;
  if (params.n < 0) {
    sign = -1;
  } else if (params.n === 0) {
    sign = 0;
  } else {
    sign = 1;
  }
  return { sign };
}
