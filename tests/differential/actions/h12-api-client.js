// API client: fetch with POST/PUT bodies, custom headers, query strings built with encodeURIComponent, non-JSON and error responses, redirects, response headers (helper E's H12 hunt).
function qs(params) {
  const keys = Object.keys(params);
  if (keys.length === 0) return '';
  return '?' + keys.map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(params[k])).join('&');
}

async function call(base, req) {
  const init = { method: req.method || 'GET', headers: { accept: 'application/json', 'x-request-id': String(req.id) } };
  if (req.token) init.headers.authorization = 'Bearer ' + req.token;
  if (req.json !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(req.json);
  } else if (req.text !== undefined) {
    init.headers['content-type'] = 'text/plain;charset=UTF-8';
    init.body = req.text;
  }
  const url = base + req.path + qs(req.query || {});
  const res = await fetch(url, init);
  const type = res.headers.get('content-type') || '';
  let payload;
  if (type.startsWith('application/json')) payload = await res.json();
  else payload = await res.text();
  console.log(`${init.method} ${req.path} -> ${res.status} ${res.statusText} (${type || 'no type'})`);
  if (!res.ok) console.error('request failed', res.status, typeof payload === 'string' ? payload.slice(0, 40) : payload);
  return { status: res.status, ok: res.ok, redirected: res.redirected, type, backend: res.headers.get('x-backend'), retry: res.headers.get('retry-after'), payload };
}

async function main(args) {
  const results = [];
  for (const req of args.calls || []) results.push(await call(args.base, req));
  const failed = results.filter((r) => !r.ok).length;
  if (args.strict && failed > 0) return { error: { message: `${failed} call(s) failed`, statuses: results.map((r) => r.status) } };
  return { failed, results };
}
