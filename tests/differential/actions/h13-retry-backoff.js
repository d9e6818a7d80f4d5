// Retry with backoff: fetches retried on 5xx after a sleep made of `new Promise((resolve) => setTimeout(resolve, ms))`, in a for...of over ids, a flaky endpoint, a log line per failed attempt (helper E's H13 hunt).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function getJson(url, tries) {
  let last;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const res = await fetch(url);
    if (res.ok) return { data: await res.json(), attempt };
    last = res.status;
    console.log('attempt', attempt, 'status', last, 'for', url.slice(url.indexOf('/', 8)));
    if (res.status < 500) break;
    await sleep(attempt * 3);
  }
  return { error: `status ${last}` };
}
async function main(params) {
  const ids = params.ids || [];
  const out = [];
  for (const id of ids) {
    const r = await getJson(`${params.base}/users/${id}`, params.tries || 2);
    out.push(r.data ? `${r.data.first} (${r.attempt})` : r.error);
  }
  const flaky = params.key ? await getJson(`${params.base}/flaky?key=${encodeURIComponent(params.key)}`, 3) : null;
  console.log('done', out.length);
  return { out, flaky };
}
