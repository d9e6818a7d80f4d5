// A let captured and then written: a shared cell, so the closure sees the later write.
// inputs: [{"x": 1}]
function main(params) {
  let total = params.x;
  const show = () => total;
  total = total + 1;
  return { total, shown: show() };
}
