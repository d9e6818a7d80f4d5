// The native-fetch benchmark's action: two fetch calls to the local backend, JSON in, JSON out.
async function main(args) {
  const r1 = await fetch(args.url + '/a');
  const a = await r1.json();
  const r2 = await fetch(args.url + '/b', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: args.name }) });
  const b = await r2.json();
  return { a: a.v, b: b.v, n: b.n, status: r2.status };
}
