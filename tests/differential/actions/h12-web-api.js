// Web action router: __ow_method/__ow_path/__ow_headers/__ow_query/__ow_body (raw or base64), answers {statusCode, headers, body} (helper E's H12 hunt).
const ITEMS = { '1': { id: 1, name: 'widget', price: 9.5 }, '2': { id: 2, name: 'gädget', price: 0.1 + 0.2 } };

function reply(statusCode, body, extra) {
  const headers = { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' };
  if (extra) for (const k of Object.keys(extra)) headers[k] = extra[k];
  return { statusCode, headers, body };
}

function parseQuery(q) {
  const out = {};
  if (!q) return out;
  for (const pair of q.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).split('+').join(' '));
    out[k] = v;
  }
  return out;
}

function main(params) {
  const method = (params.__ow_method || 'get').toUpperCase();
  const headers = params.__ow_headers || {};
  const path = params.__ow_path || '/';
  const parts = path.split('/').filter((p) => p !== '');
  const query = parseQuery(params.__ow_query);
  const accept = headers['accept'] || '*/*';
  console.log(`${method} ${path} parts=${parts.length} accept=${accept}`);
  if (parts[0] !== 'items') return reply(404, `no route for ${path}`);
  if (method === 'GET' && parts.length === 1) {
    const ids = Object.keys(ITEMS);
    const limit = query.limit === undefined ? ids.length : Number(query.limit);
    const list = ids.slice(0, limit).map((id) => ITEMS[id]);
    if (accept.indexOf('text/csv') >= 0) {
      return reply(200, list.map((i) => [i.id, i.name, i.price.toFixed(2)].join(',')).join('\n'), { 'Cache-Control': 'max-age=60' });
    }
    return reply(200, { count: list.length, items: list, query });
  }
  if (method === 'GET' && parts.length === 2) {
    const item = ITEMS[parts[1]];
    if (!item) return reply(404, { error: `item ${parts[1]} not found` });
    const etag = `"${item.id}-${item.name.length}"`;
    if (headers['if-none-match'] === etag) return { statusCode: 304, headers: { ETag: etag } };
    return reply(200, item, { ETag: etag });
  }
  if (method === 'POST' && parts.length === 1) {
    let raw = params.__ow_body;
    if (raw === undefined) return reply(400, { error: 'missing body' });
    const type = headers['content-type'] || '';
    let doc;
    try {
      doc = JSON.parse(raw);
    } catch (e) {
      console.error('bad body:', e.message);
      return reply(400, { error: 'body is not JSON', type });
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return reply(422, { error: 'expected an object', got: typeof doc });
    const name = String(doc.name || '').trim();
    if (name.length === 0) return reply(422, { error: 'name required' });
    return reply(201, { id: 3, name, price: Number(doc.price) || 0 }, { Location: `/items/3` });
  }
  if (method === 'DELETE') return { statusCode: 204 };
  return reply(405, `method ${method} not allowed`, { Allow: 'GET, POST, DELETE' });
}
