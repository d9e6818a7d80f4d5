// A closure over a parameter never assigned, and one named by NamedEvaluation (its name printed).
// inputs: [{"greeting": "Hello", "who": "Ada"}, {"greeting": "Hi", "who": "Bob"}]
function main(params) {
  const greet = (name) => `${params.greeting}, ${name}!`;
  console.log(greet);
  console.log(greet.name, [function () {}][0].name === '');
  return { text: greet(params.who) };
}
