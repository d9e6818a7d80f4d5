// delete on a property, as a statement and as a value.
// inputs: [{"k": "x"}]
function main(params) {
  const o = { x: 1, y: 2 };
  const removed = delete o[params.k];
  delete o.y;
  return { o, removed };
}
