// Fetch: GET a JSON document from a local backend (args.base) and summarise it.
function main(args) {
  return fetch(args.base + '/items')
    .then((res) => res.json())
    .then((doc) => {
      let sum = 0;
      for (let i = 0; i < doc.items.length; i++) sum += doc.items[i].v;
      return { count: doc.items.length, sum, first: doc.items[0].name };
    });
}
