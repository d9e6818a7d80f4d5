// Fan-out with async arrow callbacks of map: users fetched with Promise.all(ids.map(async (id) => …)), a checked variant that throws on a failed response, orders shaped in the callback, and a callback with no await.
async function main(args) {
  const base = args.base;
  const ids = args.ids || [1, 2];
  const users = await Promise.all(ids.map(async (id) => {
    const r = await fetch(`${base}/users/${id}`);
    return r.json();
  }));
  const checked = await Promise.all(ids.slice(0, 2).map(async (id, i) => {
    const res = await fetch(`${base}/users/${id}?n=${i}`, { headers: { 'X-Req': `user-${id}` } });
    if (!res.ok) throw new Error(`user ${id}: ${res.status}`);
    const u = await res.json();
    return { id, name: `${u.first} ${u.last}`.trim(), at: i };
  }));
  const orders = await Promise.all(ids.slice(0, 1).map(async (id) => {
    const res = await fetch(`${base}/orders/${id}`);
    if (!res.ok) return { id, items: [] };
    const data = await res.json();
    return { id, items: data.items.map((item) => `${item.qty}x ${item.sku}`) };
  }));
  const labels = await Promise.all(users.map(async (u) => (u.first ? u.first.toUpperCase() : 'unknown')));
  console.log('fanout-arrows', users.length, checked.length, orders.length);
  return { users, checked, orders, labels };
}
