// A catalog search: filter by query words and a price ceiling (closures over both), map to views, totals by reduce.
function matches(product, words) {
  const name = String(product.name || '').toLowerCase();
  return words.every((w) => name.includes(w));
}

function main(params) {
  const query = typeof params.q === 'string' ? params.q.trim().toLowerCase() : '';
  const words = query.split(' ').filter((w) => w.length > 0);
  const ceiling = typeof params.max === 'number' ? params.max : Infinity;
  const products = Array.isArray(params.products) ? params.products : [];
  const hits = products.filter((p) => p !== null && typeof p === 'object' && p.price <= ceiling && matches(p, words));
  const views = hits.map((p, i) => ({ rank: i + 1, name: p.name, price: p.price, cheap: p.price < ceiling / 2 }));
  const total = hits.reduce((sum, p) => sum + p.price, 0);
  const firstCheap = views.find((v) => v.cheap);
  const anyFree = hits.some((p) => p.price === 0);
  return { count: views.length, views, total, firstCheap: firstCheap ? firstCheap.name : null, anyFree };
}
