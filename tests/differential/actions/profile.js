// Fetches a user profile from the backend and formats it; 404 and other failures are mapped to results.
async function main(args) {
  if (typeof args.id !== 'number' && typeof args.id !== 'string') {
    return { error: 'id must be a number or a string' };
  }
  const res = await fetch(`${args.base}/users/${args.id}`, { headers: { 'X-Request-Id': 'req-' + args.id } });
  console.log('profile', args.id, 'status', res.status);
  if (res.status === 404) return { found: false, id: args.id };
  if (!res.ok) {
    console.error('backend failed', { id: args.id, status: res.status });
    return { error: { status: res.status, text: await res.text() } };
  }
  const user = await res.json();
  const name = user.first + ' ' + user.last;
  return {
    found: true,
    id: user.id,
    display: name.toUpperCase(),
    initials: user.first.slice(0, 1) + user.last.slice(0, 1),
    tags: user.tags.join(','),
    type: res.headers.get('content-type'),
  };
}
