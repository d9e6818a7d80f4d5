// Two fetches started together and awaited with Promise.all, then a third that depends on both.
async function main(args) {
  const both = await Promise.all([fetch(`${args.base}/users/${args.id}`), fetch(`${args.base}/orders/${args.id}`)]);
  const userRes = both[0];
  const ordersRes = both[1];
  const user = userRes.ok ? await userRes.json() : null;
  const orders = ordersRes.ok ? await ordersRes.json() : { items: [] };
  const skus = [];
  for (const o of orders.items) skus.push(o.sku);
  const audit = await fetch(`${args.base}/echo`, { method: 'POST', body: JSON.stringify({ id: args.id, skus }) });
  console.log('parallel', args.id, userRes.status, ordersRes.status, audit.status);
  return { name: user ? user.first : null, skus, audited: audit.status };
}
