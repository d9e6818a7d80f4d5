// The smallest action: a constant result.
// inputs: [{}, {"x": 1}]
function main(params) {
  return { body: 'hello' };
}
