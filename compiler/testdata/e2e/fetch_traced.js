async function main(args) {
  const r = await fetch(args.url);
  const j = await r.json();
  console.log(r.status, r.headers.get('Content-Type'), Date.now() > 0);
  return { n: j.n + 1, ok: r.ok };
}
