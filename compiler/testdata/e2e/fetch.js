async function main(args) {
  const r = await fetch(args.url);
  const j = await r.json();
  console.log(r.status);
  return { n: j.n + 1, ok: r.ok };
}
