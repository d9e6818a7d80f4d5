// Optional calls: a name, a method (its `this` kept) and a built-in, nullish or not, with and without arguments; the chain continues after the call.
// inputs: [{"s": " a ", "cb": null}, {"s": null, "xs": [1, 2]}, {"s": "b", "xs": [3]}]
function twice(x) {
  return x * 2;
}
function main(params) {
  const f = params.xs ? twice : params.cb;
  const o = { m(y) { return y + 1; } };
  const hook = params.xs ? o.m : undefined;
  return {
    a: f?.(params.xs ? params.xs.length : 0),
    b: params.s?.trim().length,
    c: o.m?.(1),
    d: params.xs?.at(-1),
    e: String(params.s).padEnd?.(5, '.').length,
    g: hook?.(5),
  };
}
