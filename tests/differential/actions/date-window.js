// Booking window: parses ISO dates, computes durations, weekday and month boundaries in UTC, reports times as ISO strings.
const DAY = 24 * 60 * 60 * 1000;
const NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function main(args) {
  const t0 = Date.now();
  const from = new Date(args.from);
  const to = new Date(args.to);
  const nights = Math.round((to.getTime() - from.getTime()) / DAY);
  if (!(nights > 0)) return { error: 'bad range', nights };
  const days = [];
  for (let i = 0; i < nights && i < 7; i++) {
    const d = new Date(from.getTime() + i * DAY);
    days.push(`${NAMES[d.getUTCDay()]} ${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const monthEnd = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 0));
  const checkout = new Date(to.getTime() + 11 * 3600 * 1000);
  console.log('window', from, '->', to, { nights });
  const took = Date.now() - t0;
  return { nights, days, from: from.toISOString(), checkout: checkout.toISOString(), monthEnd: monthEnd.toISOString().slice(0, 10), year: from.getUTCFullYear(), json: JSON.stringify({ at: to }), fast: took < 5000, utc: to.toUTCString() };
}
