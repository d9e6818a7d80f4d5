// Module bindings written by main and by a helper: setmod in functions (++, =, compound, logical, destructuring); not compilable.
// inputs: [{"a": 1, "tag": "x"}, {"a": 2}, {"a": 3, "tag": "y"}]
let calls = 0;
let last = null;
let total = 0;
let lo = 1, hi = 2;
let seen;
function add(x) {
  total += x;
  return total;
}
function main(p) {
  calls++;
  const previous = last;
  last = p.tag || 'none';
  add(p.a * 2);
  seen ??= [];
  [lo, hi] = [hi, lo + p.a];
  ({ k: total } = { k: total - 1 });
  return { calls, previous, last, total, lo, hi, seen: seen.length };
}
