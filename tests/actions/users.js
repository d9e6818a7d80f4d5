// The demo's async example action: looks a user up on a backend with fetch, as OpenWhisk actions call services.
async function main(args) {
  const r = await fetch(args.api + '/users/' + args.id);
  if (r.status !== 200) {
    console.log('no user', args.id);
    return { id: args.id, error: 'no such user', status: r.status };
  }
  const u = await r.json();
  console.log('user', u.name);
  return { id: args.id, name: u.name, status: r.status };
}
