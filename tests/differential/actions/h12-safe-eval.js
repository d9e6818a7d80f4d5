// Order-field extractor that survives bad input: native TypeErrors/RangeErrors caught and reported through message, name, String(e), instanceof, JSON.stringify(e), {error: e} results (helper E's H12 hunt).
function pick(order, path) {
  let cur = order;
  for (const k of path) cur = cur[k];
  return cur;
}

function main(args) {
  const out = {};
  let firstError = null;
  for (const path of args.paths || []) {
    const key = path.join('.');
    try {
      const v = pick(args.order, path);
      if (args.call) out[key] = v[args.call]();
      else if (args.fixed !== undefined) out[key] = v.toFixed(args.fixed);
      else if (args.repeat !== undefined) out[key] = v.repeat(args.repeat);
      else out[key] = v;
    } catch (e) {
      if (firstError === null) firstError = e;
      console.error(`${key}: ${e.name}: ${e.message}`);
      out[key] = { failed: String(e), type: e instanceof TypeError ? 'type' : e instanceof RangeError ? 'range' : 'other', json: JSON.stringify(e), keys: Object.keys(e), ctor: e.constructor === TypeError };
    }
  }
  console.log(out);
  if (args.mode === 'error' && firstError) return { error: firstError };
  if (args.mode === 'message' && firstError) return { error: { message: firstError.message, name: firstError.name } };
  return out;
}
