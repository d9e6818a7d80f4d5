// Unary operators and typeof.
// inputs: [{"v": 3}, {"v": "3"}, {"v": null}, {}]
function main(params) {
  const v = params.v;
  return { t: typeof v, neg: -v, not: !v, inv: ~v, plus: +v, vd: void v };
}
