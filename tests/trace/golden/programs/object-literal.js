// Object literals: shorthand, computed keys, spread.
// inputs: [{"key": "k", "extra": {"z": 1}}, {"key": "q"}]
function main(params) {
  const base = { a: 1, 'b-c': 2, 3: 'three' };
  const key = params.key;
  return { ...base, [key]: true, key, ...params.extra };
}
