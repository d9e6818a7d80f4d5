// Shift planner: dates from strings and parts, local and UTC getters, day arithmetic across DST changes, invalid dates, under the server's TZ (helper E's H12 hunt).
function parts(d) {
  return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getDay()].join('/');
}

function main(args) {
  const start = new Date(args.start);
  const t0 = start.getTime();
  if (Number.isNaN(t0)) {
    console.error('invalid start', args.start);
    return { error: { message: 'invalid start date', input: String(args.start) } };
  }
  const days = args.days || 1;
  const shifts = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(t0 + i * 86400000);
    shifts.push({ iso: d.toISOString(), local: parts(d), utc: d.getUTCHours(), off: d.getTimezoneOffset() });
  }
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + days, args.hour || 0));
  console.log('plan', args.start, '->', end.toISOString(), 'offset', start.getTimezoneOffset());
  return { t0, shifts, end: end.toISOString(), endUtc: end.toUTCString(), json: JSON.stringify({ end }), parsed: Date.parse(args.start), local: parts(start) };
}
