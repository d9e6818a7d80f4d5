// Console output of every shape: format strings, objects, arrays, errors, warn/info.
function describe(v) {
  if (Array.isArray(v)) return 'array of ' + v.length;
  if (v === null) return 'null';
  return typeof v;
}

function main(params) {
  const keys = Object.keys(params);
  console.log('keys: %d', keys.length, keys);
  for (let i = 0; i < keys.length; i++) {
    const v = params[keys[i]];
    console.info(`${keys[i]} is ${describe(v)}`);
    if (typeof v === 'number' && v < 0) console.warn('negative', keys[i], v);
  }
  console.error(new Error('just logging').message);
  console.log(params);
  return { logged: keys.length };
}
