// Fetches a JSON document, checks the status, and summarises it (async main, await fetch).
function summarise(days) {
  let max = -Infinity;
  let sum = 0;
  for (const d of days) {
    if (d.t > max) max = d.t;
    sum += d.t;
  }
  return { max, mean: days.length ? Math.round((sum / days.length) * 10) / 10 : null };
}

async function main(params) {
  const res = await fetch(`${params.base}/forecast?city=${encodeURIComponent(params.city || '')}`);
  if (!res.ok) {
    console.error('upstream status', res.status);
    return { error: `upstream answered ${res.status}` };
  }
  const doc = await res.json();
  console.log('got', doc.days.length, 'days for', doc.city);
  return { city: doc.city, type: res.headers.get('content-type'), ...summarise(doc.days) };
}
