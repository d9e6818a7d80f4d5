// List statistics over user-entered values: numbers coerced from strings, NaN detection with includes/indexOf, default sort, dedupe, chunks and joins.
function main(args) {
  const raw = args.values;
  const nums = raw.map((v) => v * 1);
  const bad = nums.filter((n) => n !== n).length;
  const hasNaN = nums.includes(NaN);
  const nanAt = nums.indexOf(NaN);
  const sorted = raw.slice().sort();
  const uniq = [];
  for (const v of raw) if (!uniq.includes(v)) uniq.push(v);
  const size = args.chunk || 2;
  const chunks = [];
  for (let i = 0; i < raw.length; i += size) chunks.push(raw.slice(i, i + size).join('|'));
  const rev = raw.slice().reverse();
  const last = raw.at(-1);
  const lastOne = raw.lastIndexOf(raw[0]);
  const flat = [raw, [raw.length, [bad]]].flat();
  console.log('stats', { bad, hasNaN, nanAt }, sorted);
  return { nums, bad, hasNaN, nanAt, sorted, uniq, chunks, rev, last: last === undefined ? 'none' : last, lastOne, flat, str: String(raw), joined: raw.join(), plus: raw + '', zero: nums.indexOf(0), negZero: nums.includes(-0) };
}
