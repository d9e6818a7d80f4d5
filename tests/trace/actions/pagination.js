// Paginates a list with defaults and validation.
function main(params) {
  const items = params.items ?? [];
  const size = params.pageSize ?? 10;
  if (typeof size !== 'number' || size <= 0) return { error: 'bad page size' };
  const pages = Math.ceil(items.length / size);
  let page = params.page ?? 1;
  if (page < 1) page = 1;
  if (page > pages && pages > 0) page = pages;
  const start = (page - 1) * size;
  return { page, pages, items: items.slice(start, start + size), hasNext: page < pages, hasPrev: page > 1 };
}
