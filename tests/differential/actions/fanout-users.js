// Fan-out over async helpers: users fetched with Promise.all(ids.map((id) => getUser(id))), a user (a helper that throws on a failed response) and their orders fetched by two helpers awaited together, names formatted by an async helper without awaits, users fetched again with `await fetch(u).then((r) => r.json())`.
async function getUser(base, id) {
  const r = await fetch(`${base}/users/${id}`);
  return r.json();
}

async function getUserThen(base, id) {
  const user = await fetch(`${base}/users/${id}`).then((r) => r.json());
  return { id, name: user.first || user.error };
}

async function getUserChecked(base, id) {
  const res = await fetch(`${base}/users/${id}`);
  if (!res.ok) throw new Error(`user ${id}: ${res.status}`);
  return res.json();
}

async function getOrders(base, id) {
  const res = await fetch(`${base}/orders/${id}`, { headers: { 'X-Req': `orders-${id}` } });
  if (!res.ok) return { items: [], status: res.status };
  const data = await res.json();
  return { items: data.items.map((item) => `${item.qty}x ${item.sku}`), status: res.status };
}

async function display(u) {
  return u.first ? `${u.first} ${u.last}` : 'unknown';
}

async function main(args) {
  const ids = args.ids || [1, 2];
  const users = await Promise.all(ids.map((id) => getUser(args.base, id)));
  const [first, orders] = await Promise.all([getUserChecked(args.base, ids[0]), getOrders(args.base, ids[0])]);
  const pending = display(first);
  console.log('fanout', users.length, orders.status, typeof pending);
  const names = await Promise.all(users.map((u) => display(u)));
  const again = await Promise.all(ids.slice(0, 2).map((id) => getUserThen(args.base, id)));
  return { names, first: await pending, items: orders.items, again };
}
