// Web action export: items as JSON, CSV or base64 (Buffer, left to Node.js), a base64 __ow_body decoded, a 405 for other methods; the native JSON/CSV paths and the Buffer fallbacks must answer as Node.js (helper E's H13 hunt).
function main(params) {
  const method = (params.__ow_method || 'get').toUpperCase();
  const fmt = params.format || 'json';
  const items = (params.items || []).filter((x) => x && x.name).map((x) => ({ name: String(x.name).trim(), n: Number(x.n) || 0 }));
  const total = items.reduce((s, x) => s + x.n, 0);
  if (method !== 'GET' && method !== 'POST') return { statusCode: 405, headers: { Allow: 'GET, POST' }, body: { error: `method ${method} not allowed` } };
  if (fmt === 'csv') {
    const lines = ['name,n', ...items.map((x) => `${x.name},${x.n}`)];
    return { statusCode: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body: lines.join('\n') };
  }
  if (fmt === 'b64') {
    const text = items.map((x) => `${x.name}=${x.n}`).join('&');
    return { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from(text, 'utf8').toString('base64') };
  }
  if (fmt === 'decode') {
    const raw = Buffer.from(params.__ow_body || '', 'base64').toString('utf8');
    return { statusCode: 200, body: { raw, length: raw.length } };
  }
  console.log(method, fmt, items.length, total);
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: { items, total } };
}
