// Pagination over a fetched JSON list: page/size from the caller, a slice of rows, totals and next/prev links.
async function main(args) {
  const size = args.size === undefined ? 10 : args.size;
  const page = args.page === undefined ? 1 : args.page;
  if (size <= 0) return { error: { code: 'bad-size', size } };
  const res = await fetch(`${args.base}/big?n=${args.n}`, { headers: { accept: 'application/json', 'x-page': String(page) } });
  if (!res.ok) return { error: { status: res.status, text: await res.text() } };
  const data = await res.json();
  const pages = Math.ceil(data.rows.length / size);
  const start = (page - 1) * size;
  const rows = data.rows.slice(start, start + size);
  const ok = rows.filter((r) => r.ok).map((r) => r.name);
  const sum = rows.reduce((s, r) => s + r.v, 0);
  const out = { page, pages, count: rows.length, first: rows.length ? rows[0].i : null, last: rows.at(-1)?.i ?? null, ok, sum, avg: sum / rows.length };
  if (page < pages) out.next = `?page=${page + 1}&size=${size}`;
  if (page > 1) out.prev = `?page=${page - 1}&size=${size}`;
  console.log(`page ${page}/${pages}`, rows.length, out.next || '-');
  return out;
}
