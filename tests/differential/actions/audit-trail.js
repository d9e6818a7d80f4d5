// Audit trail kept in module memory across warm activations: events appended with Array.prototype.push.call on the record path only (finding G11).
const TRAIL = [];

function main(a) {
  if (a.record) {
    Array.prototype.push.call(TRAIL, `${a.user}:${a.record}`);
    return { recorded: true };
  }
  return { user: a.user, events: TRAIL.length, last: TRAIL.length ? TRAIL[TRAIL.length - 1] : null };
}
