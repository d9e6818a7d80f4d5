// A generic HTTP relay: any method and path, reporting status, statusText, url, chosen headers and the body text.
async function main(args) {
  const init = { method: args.method || 'GET', headers: { 'x-relay': 'edge' } };
  if (args.body !== undefined) init.body = JSON.stringify(args.body);
  const res = await fetch(`${args.base}${args.path}`, init);
  const text = await res.text();
  // (Not `res.url.slice(…)`: a method called on a getter's result is an opaque callee to the tracer, finding F5.)
  const url = res.url;
  const out = {
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    url: url.slice(args.base.length),
    type: res.headers.get('content-type'),
    multi: res.headers.get('X-Multi'),
    cookie: res.headers.get('set-cookie'),
    latin: res.headers.get('x-latin'),
    encoding: res.headers.get('content-encoding'),
    length: text.length,
    text,
  };
  console.log('relayed', out.status, out.url);
  return out;
}
