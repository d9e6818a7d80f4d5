// JSON transforms: groups records by a key, sums and counts them, renames fields, reports in a stable order.
function main(args) {
  const records = args.records;
  if (!Array.isArray(records)) return { error: 'records must be an array' };
  const by = args.by || 'team';
  const groups = {};
  let skipped = 0;
  for (const r of records) {
    if (r === null || typeof r !== 'object') {
      skipped++;
      continue;
    }
    const key = String(r[by] === undefined ? 'none' : r[by]);
    if (!(key in groups)) groups[key] = { count: 0, total: 0, names: [] };
    const g = groups[key];
    g.count++;
    g.total += typeof r.points === 'number' ? r.points : 0;
    if (r.name) g.names.push(r.name);
  }
  const out = [];
  for (const [key, g] of Object.entries(groups)) {
    out.push({ [by]: key, count: g.count, total: g.total, avg: g.count ? Math.round((g.total / g.count) * 10) / 10 : 0, names: g.names.join(', ') });
  }
  const flat = {};
  if (args.meta) for (const k in args.meta) flat['meta_' + k] = JSON.stringify(args.meta[k]);
  console.log('groups', Object.keys(groups).length, 'skipped', skipped);
  return { groups: out, skipped, ...flat, size: JSON.stringify(out).length };
}
