// Nested function declarations over a let and a const (boxed at the scope's entry), in main and in a loop body's block.
// inputs: [{"xs": [1, 5, 2], "limit": 2}, {"xs": [], "limit": 0}]
function main(params) {
  let count = 0;
  const limit = params.limit;
  function inc(x) {
    if (x > limit) count++;
  }
  params.xs.forEach(inc);
  const twice = [];
  for (const x of params.xs) {
    let n = x;
    function bump() {
      n += 1;
      return n;
    }
    twice.push(bump() + bump());
  }
  return { count, twice };
}
