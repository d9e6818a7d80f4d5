// A web action router over __ow_method and __ow_path: lists, reads and creates users through the backend.
async function getUser(base, id) {
  const res = await fetch(`${base}/users/${id}`);
  if (res.status === 404) return { statusCode: 404, body: { error: `no user ${id}` } };
  if (!res.ok) return { statusCode: 502, body: { error: 'backend failed', status: res.status } };
  const u = await res.json();
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: { id: u.id, name: `${u.first} ${u.last}`, plan: u.plan } };
}

async function main(args) {
  const method = (args.__ow_method || 'get').toLowerCase();
  const path = args.__ow_path || '/';
  const parts = path.split('/');
  console.log(method.toUpperCase(), path);
  if (parts[1] === 'health') return { statusCode: 200, body: 'ok' };
  if (parts[1] !== 'users') return { statusCode: 404, body: { error: `no route ${method} ${path}` } };
  if (method === 'get' && parts.length === 3 && parts[2] !== '') return await getUser(args.base, parts[2]);
  if (method === 'get') return { statusCode: 200, body: { users: [1, 2, 3].map(String) } };
  if (method === 'post') {
    if (!args.name) return { statusCode: 400, body: { error: 'name is required' } };
    const res = await fetch(`${args.base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: args.name }) });
    return { statusCode: res.status, body: await res.json() };
  }
  return { statusCode: 405, headers: { allow: 'GET, POST' }, body: { error: `method ${method} not allowed` } };
}
