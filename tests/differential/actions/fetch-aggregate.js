// Fetch aggregator: fetches a list of paths one after another (for…of with await), following redirects, and summarises the JSON answers.
const ACCEPT = 'application/json';

async function main(args) {
  const paths = args.paths || ['/users/1', '/redirect?code=302&to=/users/2'];
  const results = [];
  for (const path of paths) {
    const res = await fetch(`${args.base}${path}`, { headers: { accept: ACCEPT, 'x-batch': String(paths.length) } });
    const type = res.headers.get('content-type') || '';
    const body = type.startsWith('application/json') ? await res.json() : await res.text();
    results.push({ path, status: res.status, redirected: res.redirected, name: body && body.first ? `${body.first} ${body.last}` : null });
  }
  const ok = results.filter((r) => r.status === 200);
  const names = ok.map((r) => r.name).filter((n) => n !== null);
  const moved = results.filter((r) => r.redirected).length;
  console.log('fetched', results.length, 'ok', ok.length, 'moved', moved);
  return { count: results.length, names, moved, results };
}
