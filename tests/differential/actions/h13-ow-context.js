// Order scorer with a debug mode: the normal path computes natively; `debug` reports the activation's __OW_ environment (process.env, left to Node.js), whose fields the /run bodies do not always carry (helper E's H13 hunt).
function score(order) {
  let s = 0;
  for (const line of order.lines || []) s += (line.qty || 0) * (line.weight || 1);
  return order.priority ? s * 2 : s;
}

function main(params) {
  const orders = params.orders || [];
  const scored = orders.map((o) => ({ id: o.id, score: score(o) }));
  const best = scored.reduce((b, o) => (b === null || o.score > b.score ? o : b), null);
  if (params.debug) {
    const env = {
      activation: process.env.__OW_ACTIVATION_ID || null,
      action: process.env.__OW_ACTION_NAME || null,
      namespace: process.env.__OW_NAMESPACE || null,
      key: process.env.__OW_API_KEY ? `${process.env.__OW_API_KEY.slice(0, 3)}…` : null,
      tenant: process.env.__OW_TENANT || null,
    };
    console.log('debug', JSON.stringify(env));
    return { best, count: scored.length, env };
  }
  console.log('scored', scored.length, 'best', best && best.id);
  return { best, count: scored.length };
}
