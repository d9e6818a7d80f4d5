// Logical assignment to names, and object-literal methods as function values.
// inputs: [{"a": 0, "b": null, "c": 5}, {"a": 2, "b": "x", "c": 0}]
const handlers = {
  twice(x) { return x * 2; },
  none() { return null; },
};
function main(params) {
  let a = params.a;
  let b = params.b;
  let c = params.c;
  a ||= 10;
  b ??= 'default';
  const r = (c &&= handlers.twice(c));
  return { a, b, c, r, n: handlers.none(), d: defaults({ name: params.name }) };
}
function defaults(opts) {
  opts.retries ??= 3;
  opts['name'] ||= 'anon';
  return opts;
}
