// Reads response headers: content type, a version header and a pagination link decide the answer.
async function main(params) {
  const res = await fetch(`${params.base}/page?n=${params.page}`, { headers: { accept: 'application/json', 'x-client': params.client || 'anon' } });
  const type = res.headers.get('content-type') || '';
  const version = res.headers.get('x-api-version');
  const next = res.headers.get('x-next-page');
  if (!type.startsWith('application/json')) return { error: `unexpected type ${type}`, version };
  const doc = await res.json();
  return { version: version ? Number(version) : null, items: doc.items.length, next: next === null ? null : Number(next) };
}
