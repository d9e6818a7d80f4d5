// A router calling a backend: picks the route from the input, awaits an async helper per route, maps statuses.
async function getJson(url) {
  const res = await fetch(url);
  if (res.status === 404) return { missing: true };
  if (!res.ok) throw new Error(`backend answered ${res.status}`);
  return await res.json();
}

async function user(base, id) {
  const doc = await getJson(`${base}/users/${id}`);
  if (doc.missing) return { statusCode: 404, body: { error: `no user ${id}` } };
  return { statusCode: 200, body: { id: doc.id, name: doc.name.toUpperCase() } };
}

async function main(params) {
  const route = params.route || 'none';
  if (route === 'user') return await user(params.base, params.id);
  if (route === 'health') {
    const res = await fetch(`${params.base}/health`);
    return { statusCode: res.status, body: await res.text() };
  }
  console.log('unknown route', route);
  const audit = await fetch(`${params.base}/audit?what=${route}`, { method: 'POST', body: route });
  return { statusCode: 400, body: { error: 'unknown route', audited: audit.ok } };
}
