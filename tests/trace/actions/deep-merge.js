// Recursively merges two JSON objects; arrays are concatenated.
function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function merge(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (!isObject(a) || !isObject(b)) return b === undefined ? a : b;
  const out = {};
  const ka = Object.keys(a);
  for (let i = 0; i < ka.length; i++) out[ka[i]] = a[ka[i]];
  const kb = Object.keys(b);
  for (let i = 0; i < kb.length; i++) {
    const k = kb[i];
    out[k] = k in a ? merge(a[k], b[k]) : b[k];
  }
  return out;
}

function main(params) {
  return { merged: merge(params.base || {}, params.patch || {}) };
}
