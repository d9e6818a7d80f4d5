// A var captured by a closure: refused (one binding shared by every iteration), the rest runs.
// inputs: [{"xs": [1, 2]}]
function main(params) {
  var last = 0;
  for (const x of params.xs) last = x;
  const get = () => last;
  return { last, got: get() };
}
