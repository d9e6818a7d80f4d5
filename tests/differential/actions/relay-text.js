// Relays a text resource: splits its lines, reads response headers, logs objects to stdout and stderr.
async function main(args) {
  const q = args.q === undefined ? '' : args.q;
  const res = await fetch(`${args.base}/text?q=${q}`, { method: 'GET', headers: { Accept: 'text/plain' } });
  const text = await res.text();
  const parts = text.split('\n');
  // The callback form only when asked: the plain loop is the common path.
  const lines = args.verbose ? parts.filter((l) => l.length > 0) : [];
  if (!args.verbose) for (const l of parts) if (l.length > 0) lines.push(l);
  const info = { status: res.status, statusText: res.statusText, type: res.headers.get('content-type'), backend: res.headers.get('x-backend'), missing: res.headers.get('x-nope') };
  console.log('relay', info);
  if (args.verbose) console.error('lines', lines);
  return { lines, count: lines.length, last: lines[lines.length - 1], info, upper: args.upper ? text.toUpperCase() : undefined };
}
