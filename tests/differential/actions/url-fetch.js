// URL builder: joins the base with a caller path (and optional query) exactly as given, fetches it and reports the final url, status and echo.
async function main(args) {
  const url = args.abs ? args.abs.replace('BASE', args.base) : args.base + args.path;
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, url: res.url.replace(args.base, 'BASE'), redirected: res.redirected, head: text.slice(0, 30) };
}
