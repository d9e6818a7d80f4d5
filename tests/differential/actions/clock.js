// Uses Date.now, new Date() and Math.random only in ways whose output is deterministic, around a fetch.
async function main(args) {
  const started = Date.now();
  const at = new Date(); // the same clock, a second reading (replayed in order after a fallback)
  const res = await fetch(`${args.base}/status?code=${args.code}`);
  const elapsed = Date.now() - started;
  const r = Math.random();
  const body = await res.text();
  const out = {
    clock: typeof Date.now(),
    elapsedOk: elapsed >= 0 && elapsed < 60000,
    randomOk: r >= 0 && r < 1,
    jitter: Math.floor(r * 0),
    ordered: at.getTime() >= started && at - started < 60000,
    isoLength: at.toISOString().length,
    stamp: JSON.stringify({ at }).length,
    status: res.status,
    body,
  };
  if (args.code >= 500) {
    console.error('server error', { code: args.code, kind: typeof started });
    out.retryAt = started > 0 ? 'later' : 'never';
  }
  if (args.label) out.label = args.label.toUpperCase();
  console.log('clock checked', out.status);
  return out;
}
