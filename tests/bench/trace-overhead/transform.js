// JSON transform: filter and map over the records of the input (50 in the benchmark's request).
function main(args) {
  const records = args.records || [];
  const kept = records.filter((r) => r.active && r.score >= 30);
  const items = kept.map((r) => ({ id: r.id, name: r.name.toUpperCase(), score: r.score * 2, tags: r.tags.length }));
  let total = 0;
  for (let i = 0; i < items.length; i++) total += items[i].score;
  return { count: items.length, total, items };
}
