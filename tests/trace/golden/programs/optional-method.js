// A method called through an optional link: `s?.trim()` is undefined for a nullish s.
// inputs: [{"name": "  Ann "}, {}, {"name": null}]
function main(params) {
  const name = params.name?.trim();
  const upper = params.name?.toUpperCase().trim();
  return { name, upper, len: params.name?.length };
}
