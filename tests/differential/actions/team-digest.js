// Team digest: fetches members one after another, then builds the digest with filter/map/reduce closures and a timestamp; used under concurrent activations.
const PLAN_RANK = { team: 3, pro: 2, free: 1 };

async function fetchMember(base, id) {
  const res = await fetch(`${base}/users/${id}`, { headers: { accept: 'application/json' } });
  if (res.status !== 200) return null;
  return await res.json();
}

async function main(args) {
  const started = new Date();
  const members = [];
  // (An await inside a call's argument: its call event is recorded after the resume, into this
  // activation's own list, while other activations interleave; proxy/trace/instrument.js.)
  for (const id of args.ids) members.push(await fetchMember(args.base, id));
  const prefix = args.prefix || '';
  const known = members.filter((m) => m !== null);
  const names = known.map((m) => `${prefix}${m.first} ${m.last}`);
  const best = known.reduce((top, m) => (top === null || PLAN_RANK[m.plan] > PLAN_RANK[top.plan] ? m : top), null);
  const tags = known.reduce((all, m) => all.concat(m.tags.map((t) => `${m.id}:${t}`)), []);
  const missing = args.ids.filter((id, i) => members[i] === null);
  console.log('digest', args.ids.length, 'members,', missing.length, 'missing');
  return { names, best: best ? best.first : null, tags, missing, fresh: started.getTime() <= Date.now() };
}
