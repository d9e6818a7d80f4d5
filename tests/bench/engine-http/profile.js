// Summarises a V8 .cpuprofile (node --cpu-prof): where the busy time goes, by file and by function,
// self and inclusive. Used by profile.sh; works on any .cpuprofile.
//
// Usage: node profile.js FILE.cpuprofile [REQUESTS]   (with REQUESTS, also µs per request)
'use strict';

const fs = require('node:fs');

const [file, requestsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node profile.js FILE.cpuprofile [REQUESTS]\n');
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const requests = Number(requestsArg) || 0;

const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);

const shortUrl = (url) => url.replace(/^.*\/(proxy|node_modules|bin|tests)\//, '$1/');
const fnKey = (n) => {
  const f = n.callFrame;
  return f.url ? `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}` : f.functionName;
};
const fileKey = (n) => (n.callFrame.url ? shortUrl(n.callFrame.url) : n.callFrame.functionName);

// Self time per sampled node; the profile's time deltas are µs.
const selfTime = new Map();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] || 0;
  selfTime.set(id, (selfTime.get(id) || 0) + dt);
  total += dt;
});

const add = (map, key, t) => map.set(key, (map.get(key) || 0) + t);
const byFile = new Map();
const byFn = new Map();
const inclusive = new Map();
let idle = 0;
for (const [id, t] of selfTime) {
  const n = nodes.get(id);
  if (n.callFrame.functionName === '(idle)') {
    idle += t;
    continue;
  }
  add(byFile, fileKey(n), t);
  add(byFn, fnKey(n), t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const key = fnKey(nodes.get(cur));
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, t);
    }
  }
}
const busy = total - idle;
const line = (t, what) => {
  const pct = `${((t / busy) * 100).toFixed(1)}%`.padStart(6);
  const per = requests ? `${(t / requests).toFixed(2).padStart(7)} µs/req` : '';
  console.log(`${pct} ${per}  ${what}`);
};
const top = (map, n, filter = () => true) =>
  [...map]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);

console.log(
  `profile: ${(total / 1e6).toFixed(2)} s sampled, ${((idle / total) * 100).toFixed(1)}% idle, ` +
    `${(busy / 1e6).toFixed(2)} s busy${requests ? `, ${(busy / requests).toFixed(2)} µs of busy time per request` : ''}`
);
console.log('\nself time by file (% of busy time)');
for (const [k, t] of top(byFile, 12)) line(t, k);
console.log('\nself time by function');
for (const [k, t] of top(byFn, 20)) line(t, k);
console.log('\ninclusive time of the engine (proxy/) functions');
for (const [k, t] of top(inclusive, 15, (k) => k.includes('proxy/'))) line(t, k);
