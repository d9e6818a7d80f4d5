// Defensive client: try/catch around fetch and JSON.parse, so network and format failures become results.
async function main(args) {
  const url = `${args.base}${args.path}`;
  let res;
  if (args.guarded) {
    try {
      res = await fetch(url);
    } catch (e) {
      console.error('fetch failed:', e.message);
      return { ok: false, reason: 'network', message: e.message };
    }
  } else {
    res = await fetch(url);
  }
  const text = await res.text();
  let doc = null;
  if (args.guarded) {
    try {
      doc = JSON.parse(text);
    } catch (e) {
      console.error('not JSON:', text.slice(0, 20));
      return { ok: false, reason: 'format', status: res.status, name: e.name };
    }
  } else if (res.headers.get('content-type') === 'application/json') {
    doc = JSON.parse(text);
  }
  console.log('got', res.status, text.length, 'bytes');
  return { ok: res.ok, status: res.status, length: text.length, keys: doc && typeof doc === 'object' ? Object.keys(doc) : [] };
}
