// Patterns in for...of heads (object, nested, defaults, rest) and a destructuring catch parameter: their decisions are recorded at the start of the body.
// inputs: [{"items": [{"id": 1, "tags": ["a", "b"], "x": 1, "meta": {}}, {"id": 2, "tags": [], "meta": {"w": 1}}], "json": "{\"n\":1}"}, {"items": [], "json": "nope"}, {"items": [{"id": 3, "tags": [null], "meta": {"w": 2}}], "json": "[]"}]
function main(params) {
  const out = [];
  for (const { id, tags: [first = '-', ...more], meta: { w = 0 }, ...rest } of params.items) {
    out.push(id + first + w + more.length + Object.keys(rest).length);
  }
  for (const [k, [v], z = 0] of [['a', []], ['b', [2], 1]]) out.push(k + v + z);
  let parsed;
  try {
    parsed = JSON.parse(params.json);
  } catch ({ name, message: why = '?' }) {
    parsed = { name, why: why.length > 0 };
  }
  return { out, parsed };
}
