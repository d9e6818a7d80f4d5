// `&&` guarding a property read.
// inputs: [{}, {"user": {"id": 7}}, {"user": null}]
function main(params) {
  const id = params.user && params.user.id;
  return { id: id };
}
