// A shopping cart: operations applied in order; invalid ones throw.
function applyOp(cart, op) {
  if (op.type === 'add') {
    if (!(op.qty > 0)) throw new TypeError('quantity must be positive: ' + op.qty);
    cart[op.sku] = (cart[op.sku] || 0) + op.qty;
  } else if (op.type === 'remove') {
    if (!(op.sku in cart)) throw new Error('not in cart: ' + op.sku);
    delete cart[op.sku];
  } else {
    cart.unknownOps = (cart.unknownOps || 0) + 1;
  }
}

function main(params) {
  const cart = {};
  const ops = params.ops || [];
  for (let i = 0; i < ops.length; i++) applyOp(cart, ops[i]);
  return { cart, lines: Object.keys(cart).length };
}
