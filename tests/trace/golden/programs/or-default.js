// `||` as a default value, and a string concatenation.
// inputs: [{}, {"name": "Ann"}, {"name": ""}]
function main(params) {
  const name = params.name || 'stranger';
  return { greeting: 'Hello, ' + name };
}
