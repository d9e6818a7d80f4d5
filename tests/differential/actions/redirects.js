// Redirects as fetch follows them: credentials and body headers sent along, a redirect mode, and what the Response says (status, url, redirected, location, text).
async function main(args) {
  const headers = { 'X-Trace': 'r', Authorization: 'Bearer t', cookie: 'k=v', 'Content-Language': 'en' };
  const init = { method: args.method || 'GET', headers: headers };
  if (args.body !== undefined) init.body = JSON.stringify(args.body);
  if (args.mode !== undefined) init.redirect = args.mode;
  const res = await fetch(`${args.base}${args.path}`, init);
  const text = await res.text();
  const url = res.url;
  if (args.after) {
    // Never trained: the native attempt aborts here, after its redirects, and Node.js replays them.
    console.log('after', args.after);
  }
  const out = {
    status: res.status,
    redirected: res.redirected,
    origin: url.startsWith(args.base) ? 'same' : 'other',
    path: url.slice(url.indexOf('/', 8)),
    location: res.headers.get('location'),
    text: text,
  };
  console.log('fetched', out.status, out.redirected, out.path);
  return out;
}
