// Argument auditor: what the action sees of unusual /run values (own __proto__ keys, integer-like keys, duplicate keys, huge and tiny numbers, deep and wide values), logged and echoed (helper E's H12 hunt).
function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v;
}

function main(args) {
  const keys = Object.keys(args);
  const own = Object.prototype.hasOwnProperty;
  const kinds = {};
  for (const k of keys) kinds[k] = describe(args[k]);
  const proto = own.call(args, '__proto__') ? describe(args['__proto__']) : 'none';
  const inherited = args.polluted === undefined ? 'clean' : 'polluted';
  console.log(args);
  console.log('keys:', keys.join(','), 'proto:', proto);
  const first = keys.length ? args[keys[0]] : undefined;
  return { keys, kinds, proto, inherited, first, n: keys.length, json: JSON.stringify(args).length, hasToString: 'toString' in args, same: JSON.stringify(args) };
}
