// A var captured by a closure: a shared cell (a box made at entry), one binding for the whole function.
// inputs: [{"xs": [1, 2]}]
function main(params) {
  var last = 0;
  for (const x of params.xs) last = x;
  const get = () => last;
  return { last, got: get() };
}
