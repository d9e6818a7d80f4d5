// Optional chains with several optional member links before a method or an optional call (`p.user?.name?.trim()`, `o?.add?.(1)`), optional calls without arguments (`s.trim?.()`), an optional call's value called (`f?.(2)(3)`); V8's "is not a function" texts when a link is not callable.
// inputs: [{"user": {"name": " Ann "}, "a": {"b": {"c": 1}}, "s": " x ", "pick": true}, {"user": null, "a": {"b": null}, "s": "y", "pick": false}, {"user": {}, "a": null, "s": "", "pick": 1}, {"user": {"name": 5}, "a": {}, "s": "z", "pick": true}, {"user": {}, "a": {}, "s": "z", "pick": 0}]
function main(params) {
  const tools = { add: (x) => (y) => x + y, none: null };
  const o = params.pick ? tools : params.pick === 0 ? { add: 5 } : undefined;
  return {
    name: params.user?.name?.trim(),
    upper: params.user?.name?.toUpperCase?.(),
    deep: params.a?.b?.c,
    trimmed: params.s?.trim?.(),
    noargs: params.s.toUpperCase?.(),
    missing: params.s.nope?.(),
    curried: o?.add?.(1)(10),
    none: o?.none?.(),
    called: tools.add?.(2)(3),
  };
}
