// Settings merge: applies a user's overrides onto defaults key by key (only known keys, type-checked), with Object.assign and spread copies for the audit log.
const DEFAULTS = { theme: 'light', pageSize: 20, beta: false, lang: 'en' };

function main(args) {
  const over = args.overrides;
  const out = {};
  for (const k of Object.keys(DEFAULTS)) out[k] = DEFAULTS[k];
  const rejected = [];
  const unknown = [];
  for (const k of Object.keys(over)) {
    if (!(k in DEFAULTS)) {
      unknown.push(k);
      continue;
    }
    if (typeof over[k] !== typeof DEFAULTS[k]) {
      rejected.push(k);
      continue;
    }
    out[k] = over[k];
  }
  const copy = Object.assign({}, over);
  const spread = { ...over, merged: true };
  const raw = {};
  for (const k of Object.keys(over)) raw[k] = over[k];
  console.log('merged', out, 'unknown', unknown);
  return { out, rejected, unknown, copyKeys: Object.keys(copy), spreadKeys: Object.keys(spread), rawKeys: Object.keys(raw), has: Object.hasOwn(raw, args.probe), inProbe: args.probe in raw, probe: String(raw[args.probe]) };
}
