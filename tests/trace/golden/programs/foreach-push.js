// forEach pushing into a local array captured by the callback, with a decision per element and holes skipped.
// inputs: [{"words": ["a", "", "bc", "d"]}, {"words": []}]
function main(params) {
  const out = [];
  const seen = { empty: 0 };
  params.words.forEach((w, i) => {
    if (w.length === 0) {
      seen.empty++;
      return;
    }
    out.push(`${i}:${w}`);
  });
  [1, , 3].forEach((x) => out.push(x));
  return { out, empty: seen.empty };
}
