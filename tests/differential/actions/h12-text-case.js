// Display-name and slug builder: non-ASCII case mapping, astral characters, padStart/padEnd with multi-unit fillers, split with a limit, replaceAll, at, codePointAt (helper E's H12 hunt).
function initials(name) {
  const words = name.trim().split(' ', 3);
  let out = '';
  for (const w of words) {
    if (w.length === 0) continue;
    const cp = w.codePointAt(0);
    out += cp > 0xffff ? w.slice(0, 2) : w.charAt(0);
  }
  return out.toUpperCase();
}

function slug(s) {
  return s.toLowerCase().trim().replaceAll(' ', '-').replaceAll('--', '-').replaceAll('/', '');
}

function main(args) {
  const name = args.name;
  const width = args.width || 12;
  const fill = args.fill === undefined ? '.' : args.fill;
  const upper = name.toUpperCase();
  const lower = name.toLowerCase();
  const label = name.padEnd(width, fill) + '|' + name.padStart(width, fill);
  const last = name.at(-1);
  const lastCp = name.codePointAt(name.length - 1);
  const firstCp = name.codePointAt(0);
  const parts = name.split(args.sep === undefined ? ' ' : args.sep, args.limit);
  console.log('name', name, 'len', name.length, 'upper', upper);
  console.log([label, last, lastCp]);
  return {
    initials: initials(name),
    slug: slug(name),
    upper,
    lower,
    roundTrip: upper.toLowerCase() === lower,
    sameLen: upper.length === name.length,
    label,
    last,
    lastCp,
    firstCp: firstCp === undefined ? null : firstCp.toString(16),
    parts,
    count: parts.length,
    repeated: name.repeat(args.times || 1).length,
  };
}
