// CPU benchmark action: a JSON transform of records: filter, map and aggregate in plain loops.
function main(args) {
  const records = args.records;
  const minScore = args.minScore;
  const out = [];
  const byRegion = {};
  let total = 0;
  let kept = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!r.active || r.score < minScore) continue;
    const amount = r.price * r.qty;
    const tags = r.tags;
    let label = r.name + ' #' + r.id;
    for (let j = 0; j < tags.length; j++) label += ' [' + tags[j] + ']';
    out.push({ id: r.id, label, amount, region: r.region, big: amount > 500 });
    let agg = byRegion[r.region];
    if (agg === undefined) {
      agg = { count: 0, amount: 0, best: '' };
      byRegion[r.region] = agg;
    }
    agg.count++;
    agg.amount += amount;
    if (agg.best === '' || r.score > agg.bestScore) {
      agg.best = r.name;
      agg.bestScore = r.score;
    }
    total += amount;
    kept++;
  }
  return { kept, total, byRegion, items: out };
}
