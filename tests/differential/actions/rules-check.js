// Rules validator: find/findIndex/some/every over rule tables and scores, with array destructuring and default parameters.
const RULES = [
  { field: 'email', ok: (v) => typeof v === 'string' && v.indexOf('@') > 0, msg: 'invalid email' },
  { field: 'name', ok: (v) => typeof v === 'string' && v.trim().length >= 2, msg: 'name too short' },
  { field: 'age', ok: (v) => typeof v === 'number' && v >= 0 && v < 150, msg: 'age out of range' },
];

function inRange(value, min = 0, max = 100) {
  return typeof value === 'number' && value >= min && value <= max;
}

function main({ user = {}, tags = [], scores = [], limit }) {
  const broken = RULES.find((r) => !r.ok(user[r.field]));
  const brokenAt = RULES.findIndex((r) => !r.ok(user[r.field]));
  const max = limit === undefined ? 100 : limit;
  const badScore = scores.findIndex((s) => !inRange(s, 0, max));
  const allTagged = tags.every((t) => typeof t === 'string' && t.length > 0);
  const vip = tags.some((t) => t === 'vip' || t === 'VIP');
  const firstLong = tags.find((t) => typeof t === 'string' && t.length > 3);
  const [best, second] = scores;
  const verdict = broken ? broken.msg : badScore >= 0 ? `score ${badScore} out of range` : 'ok';
  console.log('checked', user.name, verdict);
  return { verdict, brokenAt, badScore, allTagged, vip, firstLong, best, second, inDefault: inRange(best) };
}
