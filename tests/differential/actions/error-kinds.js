// Quota checker that fails in many ways: Error objects with codes, TypeError and RangeError, caught and rethrown, plain values thrown, rejections.
function fail(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

function check(q) {
  if (typeof q.limit !== 'number') throw new TypeError('limit must be a number, got ' + typeof q.limit);
  if (q.limit < 0) throw new RangeError(`limit out of range: ${q.limit}`);
  if (q.used > q.limit) throw fail('E_QUOTA', 'quota exceeded by ' + (q.used - q.limit));
  return q.limit - q.used;
}

async function main(args) {
  const q = args.quota;
  let left;
  try {
    left = check(q);
  } catch (e) {
    console.error('check failed:', e.name, e.message, e.code);
    if (args.mode === 'rethrow') throw e;
    if (args.mode === 'reject') return Promise.reject(e);
    if (args.mode === 'plain') throw `${e.name}: ${e.message}`;
    if (args.mode === 'object') throw { code: e.code || e.name, at: q };
    return { error: { name: e.name, message: e.message, code: e.code ?? null } };
  }
  if (args.mode === 'strict' && left === 0) throw fail('E_EMPTY', 'nothing left');
  if (left < 10) console.warn('low quota', left);
  return { left, pct: Math.round((q.used / q.limit) * 100) + '%' };
}
