// Object destructuring in declarations.
// inputs: [{"name": "n", "meta": {"tag": "t"}}]
function main(params) {
  const { name, meta: { tag } } = params;
  return { name, tag };
}
