// Resilient client: fetches a URL and, when the network fails, reports the error and its cause (name, code, errno, syscall, message) instead of failing.
async function main(args) {
  const url = args.url.startsWith('/') ? args.base + args.url : args.url;
  try {
    const res = await fetch(url);
    return { ok: res.ok, status: res.status };
  } catch (e) {
    const c = e.cause;
    console.error('fetch failed:', e.message, c && c.code);
    return { failed: true, name: e.name, message: e.message, cause: c ? { name: c.name, code: c.code, errno: c.errno, syscall: c.syscall, message: c.message, address: c.address, port: c.port } : null, keys: c ? Object.keys(c) : [] };
  }
}
