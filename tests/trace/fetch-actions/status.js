// Error status handling: retries a failing backend once, then reports its status and message.
async function attempt(url) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: url }) });
  const text = await res.text();
  return { ok: res.ok, status: res.status, text };
}

async function main(params) {
  const url = `${params.base}/flaky?fail=${params.fail}`;
  let r = await attempt(url);
  if (!r.ok && r.status >= 500) {
    console.error('retrying after', r.status);
    r = await attempt(url + '&retry=1');
  }
  if (!r.ok) return { error: r.status === 404 ? 'not found' : `failed with ${r.status}`, detail: r.text };
  return { result: r.text };
}
