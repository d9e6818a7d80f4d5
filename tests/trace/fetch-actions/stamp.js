// Host values and a non-awaited async helper: Date.now and Math.random around a fetch, a promise kept for later.
async function audit(base, what) {
  const res = await fetch(`${base}/audit?what=${what}`);
  return res.status;
}

async function main(params) {
  const started = Date.now();
  const pending = audit(params.base, params.what);
  const res = await fetch(`${params.base}/health`);
  const healthy = res.ok && (await res.text()) === 'ok';
  const status = await pending;
  const jitter = Math.random();
  return { healthy, status, fresh: Date.now() >= started, jitter: jitter >= 0 && jitter < 1 };
}
