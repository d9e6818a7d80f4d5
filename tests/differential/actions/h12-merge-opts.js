// Options merger: defaults merged with caller options by Object.assign, spread, key-by-key copy and a deep merge; `__proto__` keys in the input are data to JSON but a setter to assignment (helper E's H12 hunt).
function defaults() {
  return { retries: 2, verbose: false, tags: ['base'] };
}

function deepMerge(target, src) {
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (typeof target[k] !== 'object' || target[k] === null) target[k] = {};
      deepMerge(target[k], v);
    } else {
      target[k] = v;
    }
  }
  return target;
}

function main(args) {
  const opts = args.opts || {};
  let cfg;
  if (args.how === 'assign') cfg = Object.assign({}, defaults(), opts);
  else if (args.how === 'spread') cfg = { ...defaults(), ...opts };
  else if (args.how === 'copy') {
    cfg = defaults();
    for (const k of Object.keys(opts)) cfg[k] = opts[k];
  } else if (args.how === 'forin') {
    cfg = {};
    for (const k in opts) cfg[k] = opts[k];
  } else cfg = deepMerge(defaults(), opts);
  const admin = cfg.isAdmin === true;
  console.log('cfg', cfg, 'admin', admin);
  return { keys: Object.keys(cfg), admin, retries: cfg.retries, json: JSON.stringify(cfg), has: 'isAdmin' in cfg, own: Object.prototype.hasOwnProperty.call(cfg, '__proto__') };
}
