// `?:` as a value.
// inputs: [{"age": 20}, {"age": 12}]
function main(params) {
  const kind = params.age >= 18 ? 'adult' : 'minor';
  return { kind };
}
