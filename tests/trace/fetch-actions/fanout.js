// Promise.all over async helpers that fetch (ids.map and a pair, one through `.then((r) => r.json())`), inlined where their code after the first await is quiet; a failed user throws.
async function getUser(base, id) {
  const res = await fetch(`${base}/users/${id}`);
  if (!res.ok) throw new Error(`user ${id}: ${res.status}`);
  return res.json();
}

async function getOrders(base, id) {
  const doc = await fetch(`${base}/orders/${id}`).then((r) => r.json());
  return doc.items.map((item) => `${item.qty}x${item.sku}`);
}

async function main(params) {
  try {
    const users = await Promise.all(params.ids.map((id) => getUser(params.base, id)));
    const [first, skus] = await Promise.all([getUser(params.base, params.ids[0]), getOrders(params.base, params.ids[0])]);
    return { names: users.map((u) => u.name), first: first.name, skus };
  } catch (e) {
    return { error: e.message };
  }
}
