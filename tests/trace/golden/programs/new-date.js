// `new Date(…)`: the built-in Date constructing (a call with "construct": true), its methods, and a user function or another built-in under `new` (opaque targets).
// inputs: [{"t": 0, "s": "2020-02-29T12:34:56.789Z"}, {"t": -62198755200000, "s": "+275760-09-13"}]
function Point(x) {
  return { x };
}
function main(params) {
  const d = new Date(params.t);
  const e = new Date(params.s);
  const now = new Date;
  const p = new Point(1);
  const boxed = typeof new String('x');
  console.log(d, [e]);
  return { t: d.getTime(), iso: e.toISOString(), y: d.getUTCFullYear(), j: JSON.stringify({ d }), utc: Date.UTC(2020, 1, 29), parsed: Date.parse(params.s), copy: new Date(d).valueOf(), ticking: now.getTime() > 0, p, boxed };
}
