// An API gateway style router: switch on the method, optional chaining on headers, default parameters.
function reply(statusCode, body, headers = { 'content-type': 'application/json' }) {
  return { statusCode, headers, body };
}

function parseQuery(q = '') {
  const out = {};
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) out[part] = true;
    else out[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

function main(params) {
  const method = params.__ow_method?.toUpperCase?.() ?? 'GET';
  const auth = params.__ow_headers?.authorization;
  const query = parseQuery(params.__ow_query);
  switch (method) {
    case 'GET':
      return reply(200, { query, authed: auth !== undefined });
    case 'POST':
      if (!auth) return reply(401, { error: 'unauthorized' });
      return reply(201, { created: params.name || 'thing' });
    case 'DELETE':
      return reply(204, '', {});
    default:
      return reply(405, { error: `method ${method} not allowed` });
  }
}
