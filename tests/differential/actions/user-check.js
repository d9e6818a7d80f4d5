// User check: fetches a user and reads nested fields of the answer; for an unknown user the 404 body has no such fields and the action fails with a TypeError (its stack is part of the result).
async function main(a) {
  const r = await fetch(`${a.base}/users/${a.id}`);
  const u = await r.json();
  if (r.status === 404) return { missing: u.error.length, name: u.user.name };
  return { name: u.first, tags: u.tags.length };
}
