// Posts a transformed payload to an upstream service and relays its text answer.
function transform(items) {
  const out = [];
  for (let i = 0; i < items.length; i++) {
    if (typeof items[i] !== 'number') continue;
    out.push(items[i] * 2);
  }
  return out;
}

function main(params) {
  const body = JSON.stringify({ items: transform(params.items || []), tag: params.tag ?? 'none' });
  return fetch(params.base + '/relay', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    .then((res) => res.text().then((text) => ({ status: res.status, text })))
    .then((r) => (r.status >= 400 ? Promise.reject(new Error('relay failed: ' + r.status)) : { relayed: r.text }));
}
