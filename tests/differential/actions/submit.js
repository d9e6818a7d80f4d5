// Submits a payment as a JSON POST and maps the backend's answer; a dropped connection fails the activation.
async function main(args) {
  const payment = { account: args.account, cents: Math.round(args.amount * 100), currency: 'EUR' };
  const res = await fetch(`${args.base}${args.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'pay-' + args.account },
    body: JSON.stringify(payment),
  });
  const reply = await res.json();
  console.log('payment', payment.account, res.status);
  return { accepted: res.status === 201, status: res.status, echoed: reply.got };
}
