// Method calls on strings and arrays, with `this` the receiver.
// inputs: [{"s": "  Hello World  "}]
function main(params) {
  const words = params.s.trim().toLowerCase().split(' ');
  words.push('!');
  return { joined: words.join('-'), first: words[0].toUpperCase() };
}
