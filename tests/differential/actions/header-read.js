// Response inspector: reads chosen response headers (repeated, cookies, latin-1 values, missing), status, statusText, url, redirected and type.
async function main(args) {
  const res = await fetch(`${args.base}${args.path}`, { headers: { accept: args.accept || 'application/json' } });
  const out = { status: res.status, statusText: res.statusText, ok: res.ok, redirected: res.redirected, url: res.url.slice(args.base.length) };
  for (const name of args.names) out[name] = res.headers.get(name);
  const body = await res.text();
  out.len = body.length;
  out.body = body.slice(0, 40);
  console.log(out.status, out.statusText, JSON.stringify(out[args.names[0]]));
  return out;
}
