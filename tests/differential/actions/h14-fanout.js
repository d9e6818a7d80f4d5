// Fan-out of async helpers (`await Promise.all(ids.map((id) => getUser(id)))`): a counter cell bumped and a log written before each helper's first await, a helper whose response is not ok throwing, a loop of awaits whose closures keep their iteration's bindings (helper E2's H14 hunt).
async function main(args) {
  let started = 0;
  const getUser = async (id) => {
    const seq = ++started;
    console.log('fetching user', id, 'as', seq);
    const r = await fetch(`${args.base}/users/${id}`);
    if (!r.ok) throw new Error(`user ${id}: HTTP ${r.status}`);
    const u = await r.json();
    return { id: u.id, name: `${u.first} ${u.last}`, seq, tags: u.tags.length };
  };
  const ids = Array.isArray(args.ids) ? args.ids : [];
  let users;
  try {
    users = await Promise.all(ids.map((id) => getUser(id)));
  } catch (e) {
    console.error('fan-out failed:', e.message);
    return { error: e.message, started };
  }
  // Sequential awaits in a for-let loop: each closure keeps its own i and status.
  const notes = [];
  for (let i = 0; i < users.length && i < 2; i++) {
    const r = await fetch(`${args.base}/orders/${users[i].id}`);
    const o = await r.json();
    notes.push(() => `${i}:${users[i].name}:${o.items.length}`);
  }
  console.log('fan-out done', started, users.map((u) => u.seq).join(','));
  return { users, started, notes: notes.map((f) => f()) };
}
