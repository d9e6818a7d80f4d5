// Default parameters and an object-pattern parameter.
// inputs: [{"name": "Ann", "opts": {"loud": true}}, {"name": "Bob"}]
function greet(name, punct = '!', times = 1 + 1) {
  return name + punct + times;
}
function shout({ name, opts }) {
  return opts && opts.loud ? name.toUpperCase() : name;
}
function main(params) {
  return { a: greet(params.name), b: greet(params.name, '?'), c: shout(params) };
}
