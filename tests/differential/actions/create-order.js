// Validates an order, POSTs it as JSON to the backend, and reports what the backend answered.
async function main(args) {
  const errors = [];
  if (typeof args.sku !== 'string' || args.sku.trim() === '') errors.push('sku is required');
  if (typeof args.qty !== 'number' || !Number.isInteger(args.qty) || args.qty < 1) errors.push('qty must be a positive integer');
  if (args.note !== undefined && typeof args.note !== 'string') errors.push('note must be a string');
  if (errors.length > 0) {
    console.error('invalid order', errors);
    return { error: { code: 'INVALID', details: errors } };
  }
  const order = { sku: args.sku.trim().toLowerCase(), qty: args.qty, note: args.note || null, rush: args.rush === true };
  const res = await fetch(`${args.base}/echo`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client': 'create-order/1.0' },
    body: JSON.stringify(order),
  });
  const reply = await res.json();
  const echoed = JSON.parse(reply.got);
  console.log('created', echoed.sku, 'x', echoed.qty, 'status', res.status);
  return {
    created: res.status === 201,
    status: res.status,
    contentType: reply.type,
    order: echoed,
    summary: `${echoed.qty} x ${echoed.sku}${echoed.rush ? ' (rush)' : ''}`,
  };
}
