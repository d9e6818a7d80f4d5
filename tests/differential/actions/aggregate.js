// Two fetches aggregated: a user's orders and the price list, joined into lines and a total.
async function load(base, path) {
  const res = await fetch(base + path);
  if (!res.ok) return { failed: res.status };
  return await res.json();
}

async function main(params) {
  const orders = await load(params.base, `/orders/${params.user}`);
  if (orders.failed) return { error: `orders: backend answered ${orders.failed}` };
  const prices = await load(params.base, '/prices');
  let total = 0;
  let count = 0;
  const lines = [];
  const missing = [];
  for (const o of orders.items) {
    const price = prices[o.sku];
    if (price === undefined) {
      console.warn('no price for', o.sku);
      missing.push(o.sku);
      continue;
    }
    total += price * o.qty;
    count += o.qty;
    lines.push(`${o.sku} x${o.qty} @ ${price.toFixed(2)}`);
  }
  const discount = params.coupon === 'HALF' ? 0.5 : params.coupon ? 0.9 : 1;
  console.log('order summary', { user: params.user, lines: lines.length, missing });
  return {
    user: orders.user,
    lines,
    count,
    missing,
    total: Math.round(total * discount * 100) / 100,
    label: `${count} item${count === 1 ? '' : 's'} for ${params.user}`,
  };
}
