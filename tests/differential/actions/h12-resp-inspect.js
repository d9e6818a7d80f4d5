// Response inspector: a fetch, then (on rarer paths) every corner of the Response object: header iteration, getSetCookie, arrayBuffer, clone, type, bodyUsed, url (helper E's H12 hunt).
async function main(args) {
  const res = await fetch(args.base + args.path, args.init || {});
  const status = res.status;
  if (!args.deep) {
    const text = await res.text();
    return { status, len: text.length, type: res.headers.get('content-type') };
  }
  const headers = [];
  res.headers.forEach((v, k) => headers.push(k + '=' + v));
  const out = {
    status,
    statusText: res.statusText,
    ok: res.ok,
    redirected: res.redirected,
    type: res.type,
    url: res.url.replace(args.base, '<base>'),
    headers: headers.filter((h) => !h.startsWith('date=') && !h.startsWith('keep-alive=')),
    keys: [...res.headers.keys()].filter((k) => k !== 'date'),
    cookies: typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : null,
    hasLen: res.headers.has('content-length'),
    bodyUsedBefore: res.bodyUsed,
  };
  const copy = res.clone();
  const buf = await res.arrayBuffer();
  out.bytes = buf.byteLength;
  out.first = [...new Uint8Array(buf).slice(0, 4)];
  out.bodyUsedAfter = res.bodyUsed;
  out.cloneText = (await copy.text()).slice(0, 30);
  try {
    await res.text();
  } catch (e) {
    out.reread = e.name + ': ' + e.message;
  }
  console.log(out);
  return out;
}
