// Writes the CPU benchmark's inputs: ACTION.train.jsonl (traced) and ACTION.bench.jsonl (timed).
// Deterministic: the same files on every run, so tables from different runs time the same work.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function lcg(seed) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function records(seed, count) {
  const rnd = lcg(seed);
  const regions = ['north', 'south', 'east', 'west', 'central'];
  const words = ['red', 'blue', 'fast', 'slow', 'big', 'small', 'new', 'used'];
  const out = [];
  for (let i = 0; i < count; i++) {
    const tags = [];
    const ntags = Math.floor(rnd() * 4);
    for (let j = 0; j < ntags; j++) tags.push(words[Math.floor(rnd() * words.length)]);
    out.push({
      id: i + 1,
      name: 'record ' + (i + 1) + ' ' + words[Math.floor(rnd() * words.length)],
      active: rnd() < 0.8,
      score: Math.floor(rnd() * 100),
      price: Math.round(rnd() * 10000) / 100,
      qty: 1 + Math.floor(rnd() * 20),
      region: regions[Math.floor(rnd() * regions.length)],
      tags,
    });
  }
  return out;
}

// Training inputs cover the branches the timed inputs take (and a few more); timed inputs are
// what both engines run, in order, round robin.
const INPUTS = {
  bfs: {
    train: [{ seed: 1 }, { seed: 2, density: 35 }, { seed: 3, size: 12 }, { seed: 4, density: 45 }],
    bench: [{ seed: 11 }, { seed: 12 }, { seed: 13, density: 30 }],
  },
  sieve: {
    train: [{ n: 1000 }, { n: 30000 }, { n: 2 }],
    bench: [{ n: 1000000 }],
  },
  transform: {
    train: [
      { records: records(1, 300), minScore: 20 },
      { records: records(2, 300), minScore: 50 },
    ],
    bench: [
      { records: records(7, 1000), minScore: 30 },
      { records: records(8, 1000), minScore: 10 },
    ],
  },
  strings: {
    train: [{ rows: 50 }, { rows: 500 }],
    bench: [{ rows: 5000 }, { rows: 3000 }],
  },
};

function main() {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node inputs.js DIR\n');
    process.exit(2);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, sets] of Object.entries(INPUTS)) {
    for (const [kind, list] of Object.entries(sets)) {
      const text = list.map((x) => JSON.stringify(x)).join('\n') + '\n';
      fs.writeFileSync(path.join(dir, `${name}.${kind}.jsonl`), text);
    }
  }
}

if (require.main === module) main();
module.exports = { INPUTS };
