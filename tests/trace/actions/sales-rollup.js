// A sales roll-up written with modern destructuring: patterns in callback parameters, rests, rest parameters, optional calls, ??= on computed keys, a swap.
function money(cents, { currency = 'EUR', sign = '' } = {}) {
  return `${sign}${(cents / 100).toFixed(2)} ${currency}`;
}

function sumAll(...amounts) {
  return amounts.reduce((s, a) => s + a, 0);
}

function main(params) {
  const { sales = [], region: wanted, ...options } = params;
  const byRegion = {};
  for (const { region = 'none', amount = 0, tags: [first, ...moreTags] = [], ...rest } of sales) {
    byRegion[region] ??= { total: 0, count: 0, tags: [] };
    byRegion[region].total += amount;
    byRegion[region].count += 1;
    if (first) byRegion[region].tags.push(first, ...moreTags);
    byRegion[region].extra ||= Object.keys(rest).length;
  }
  const rows = Object.entries(byRegion)
    .filter(([name]) => !wanted || name === wanted)
    .map(([name, { total, count, tags }]) => ({ name, total: money(total, options), count, tags: tags.join('|') }));
  let [lo, hi] = [rows.length, Object.keys(byRegion).length];
  if (lo > hi) [lo, hi] = [hi, lo];
  const report = options.format?.(rows.length);
  return { rows, lo, hi, report, grand: sumAll(...rows.map(({ count }) => count)), first: rows[0]?.name };
}
