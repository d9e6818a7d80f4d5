// The own name of a function expression called in its own body (a recursive helper, and a closure's, re-created from its captures) and from a callback nested in it (a tree walk).
// inputs: [{"n": 3, "k": 2, "tree": {"v": 1, "kids": [{"v": 2, "kids": []}, {"v": 3, "kids": [{"v": 4, "kids": []}]}]}}, {"n": 0, "k": 5, "tree": {"v": 7, "kids": []}}]
const countdown = function tick(n) {
  return n > 0 ? tick(n - 1) + 1 : 0;
};

const total = function walk(node) {
  return node.v + node.kids.map((kid) => walk(kid)).reduce((a, b) => a + b, 0);
};

function main(args) {
  const k = args.k;
  const sum = function add(n) {
    return n > 0 ? k + add(n - 1) : 0;
  };
  return { c: countdown(args.n), s: sum(args.n), t: total(args.tree) };
}
