// Health prober: GETs a list of backend endpoints, classifies status, content type and body, and POSTs a summary.
async function probe(base, p) {
  const res = await fetch(base + p, { headers: { 'user-agent': 'prober/1.0', accept: '*/*' } });
  const type = res.headers.get('content-type') || '';
  const body = await res.text();
  let parsed = null;
  if (type.startsWith('application/json')) {
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      parsed = { invalid: e.name };
    }
  }
  const kind = res.status >= 500 ? 'down' : res.status >= 400 ? 'client' : res.redirected ? 'moved' : 'up';
  return { p, status: res.status, ok: res.ok, text: res.statusText, kind, type: type.split(';')[0], size: body.length, head: body.slice(0, 12), parsed };
}

async function main(args) {
  const results = [];
  for (const p of args.paths) results.push(await probe(args.base, p));
  const down = results.filter((r) => r.kind === 'down').length;
  console.log('probed', results.length, 'down', down);
  if (args.report) {
    const r = await fetch(`${args.base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down, of: results.length }) });
    const echo = await r.json();
    return { results, report: { status: r.status, got: echo.got } };
  }
  return { results, down };
}
