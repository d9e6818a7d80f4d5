// A call to a module-level helper function, inlined in the trace.
// inputs: [{"w": 2, "h": 3}, {"w": 5, "h": 5}]
function area(w, h) {
  return w * h;
}
function main(params) {
  const a = area(params.w, params.h);
  return { area: a, square: params.w === params.h };
}
