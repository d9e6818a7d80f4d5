// Health probe: fetches a URL and reports ok, status and the announced length; reads the body only when asked, and then reports a failed read's error and cause.
async function main(args) {
  const url = args.url.startsWith('/') ? args.base + args.url : args.url;
  const res = await fetch(url);
  const out = { ok: res.ok, status: res.status, length: res.headers.get('content-length') };
  if (args.read) {
    try {
      const text = await res.text();
      out.size = text.length;
    } catch (e) {
      const c = e.cause;
      out.failed = { name: e.name, message: e.message, cause: c ? { name: c.name, code: c.code, errno: c.errno, syscall: c.syscall, message: c.message } : null, keys: c ? Object.keys(c) : [] };
    }
  }
  return out;
}
