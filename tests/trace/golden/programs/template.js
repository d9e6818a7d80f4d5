// Template literals: each substitution converted to a string, then concatenated.
// inputs: [{"a": 1, "b": "x"}, {"a": null}]
function main(params) {
  return { text: `a=${params.a}, b=${params.b}!` };
}
