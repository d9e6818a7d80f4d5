// JSON aggregation of two fetches: a user's orders and the price list, joined and totalled.
async function load(base, path) {
  const res = await fetch(base + path);
  const doc = await res.json();
  return doc;
}

async function main(params) {
  const orders = await load(params.base, `/orders/${params.user}`);
  const prices = await load(params.base, '/prices');
  let total = 0;
  const lines = [];
  for (const o of orders.items) {
    const price = prices[o.sku];
    if (price === undefined) {
      console.warn('no price for', o.sku);
      continue;
    }
    total += price * o.qty;
    lines.push(`${o.sku} x${o.qty}`);
  }
  return { user: params.user, lines, total: Math.round(total * 100) / 100 };
}
