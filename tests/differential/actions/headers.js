// Forwards caller-chosen request headers to the backend (a proxy action), reporting the echo's status.
async function main(args) {
  const res = await fetch(`${args.base}${args.path || '/echo'}`, { method: 'POST', headers: args.headers, body: args.body });
  const reply = await res.json();
  return { status: res.status, type: reply.type, got: reply.got };
}
