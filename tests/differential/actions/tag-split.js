// Tag splitter: splits a comma-separated tag string with for...of over split() and an array pattern (finding G1: the TypeError text when tags is not a string).
function main(a) {
  const out = [];
  for (const t of a.tags.split(',')) out.push(t.trim());
  const [first, second] = a.tags.split(',');
  return { out, first, second };
}
