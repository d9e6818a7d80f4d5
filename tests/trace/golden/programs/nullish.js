// `??` keeps 0 and '' but replaces null and undefined.
// inputs: [{}, {"n": 0}, {"n": null}, {"n": 5}]
function main(params) {
  const n = params.n ?? 10;
  return { n };
}
