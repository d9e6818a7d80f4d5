// An async main awaiting helpers: the promise's result or rejection is the activation's.
function delayValue(v) {
  return Promise.resolve(v);
}

async function step(n) {
  const v = await delayValue(n * 2);
  if (v > 50) throw new Error('too big: ' + v);
  return v;
}

async function main(params) {
  const xs = params.xs || [];
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += await step(xs[i]);
  console.log('total', total);
  return { total };
}
