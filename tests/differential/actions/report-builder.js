// Report builder: groups events per team with forEach/Object.keys().forEach and nested closures, with dates parsed from ISO strings in the input.
const DAY = 86400000;
const LABELS = { hi: 'high', lo: 'low' };

function main(params) {
  const events = params.events;
  if (!Array.isArray(events)) throw new TypeError('events must be a list');
  const since = Date.parse(params.since);
  const byTeam = {};
  events.forEach((e) => {
    const team = e.team || 'unassigned';
    if (!byTeam[team]) byTeam[team] = [];
    byTeam[team].push(e);
  });
  const generated = new Date();
  const rows = [];
  Object.keys(byTeam).forEach((team) => {
    const list = byTeam[team];
    const recent = list.filter((e) => Date.parse(e.at) >= since);
    const days = recent.map((e) => Math.floor((Date.parse(e.at) - since) / DAY));
    const level = (n) => (n > 1 ? LABELS.hi : LABELS.lo);
    const first = new Date(list[0].at);
    rows.push({ team, count: list.length, recent: recent.length, days, level: level(recent.length), first: first.toISOString(), weekday: first.getUTCDay() });
  });
  const sinceDate = new Date(since);
  const out = {
    since: sinceDate.toISOString(),
    year: sinceDate.getUTCFullYear(),
    teams: Object.keys(byTeam).length,
    rows,
    fresh: generated.getTime() >= since,
    stampLength: generated.toISOString().length,
  };
  console.log('report', out.teams, 'teams since', out.since);
  return out;
}
