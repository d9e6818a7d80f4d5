// Calls a backend that fails some requests; on a 5xx it tries a fallback key once and reports both attempts.
async function call(base, key) {
  const res = await fetch(`${base}/flaky?key=${key}`, { headers: { 'x-attempt-key': key } });
  const body = await res.text();
  return { status: res.status, ok: res.ok, body, backend: res.headers.get('x-backend'), retryAfter: res.headers.get('retry-after') };
}

async function main(args) {
  const key = String(args.key);
  const first = await call(args.base, key);
  if (first.ok) {
    console.log('first attempt ok', key);
    return { key, attempts: 1, result: JSON.parse(first.body) };
  }
  console.error('attempt failed', { key, status: first.status });
  const second = await call(args.base, key + 'x');
  if (!second.ok) return { error: { key, statuses: [first.status, second.status] } };
  return { key, attempts: 2, result: JSON.parse(second.body), firstStatus: first.status, backend: second.backend, retryAfter: second.retryAfter };
}
