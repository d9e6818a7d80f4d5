// A let captured and then written: its closure is refused (unknown at its creation), the rest runs.
// inputs: [{"x": 1}]
function main(params) {
  let total = params.x;
  const show = () => total;
  total = total + 1;
  return { total, shown: show() };
}
