// JSON round trips of the arguments the /run body carried (keys of 1-9 bytes, escapes, duplicates, __proto__, numbers at the edges, long and astral strings, deep values) and of JSON texts the action parses itself (helper E2's H14 hunt).
function main(args) {
  const keys = Object.keys(args);
  const parsed = [];
  for (const text of Array.isArray(args.texts) ? args.texts : []) {
    try {
      const p = JSON.parse(text);
      parsed.push(`${typeof p} ${JSON.stringify(p)} ${p !== null && typeof p === 'object' ? Object.keys(p).join('|') : ''}`);
    } catch (e) {
      parsed.push(`${e.name}: ${e.message}`);
    }
  }
  const same = JSON.stringify(args);
  console.log('json', keys.length, same.length);
  return { keys, kinds: keys.map((k) => typeof args[k]), same, parsed };
}
