// A shared cell written by a closure and read after an await; a var cell; a catch parameter cell.
// inputs: [{"xs": [4, 5], "bad": false}, {"xs": [], "bad": true}]
async function total(xs) {
  return xs.length;
}
async function main(params) {
  let sum = 0;
  const add = (x) => { sum += x; };
  params.xs.forEach(add);
  const n = await total(params.xs);
  add(n);
  var seen = 0;
  const mark = () => { seen = seen + 1; };
  mark();
  let msg = 'none';
  try {
    if (params.bad) throw new Error('bad input');
  } catch (e) {
    const note = () => { e = e.message; };
    note();
    msg = e;
  }
  return { sum, n, seen, msg };
}
