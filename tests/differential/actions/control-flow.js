// Ticket router: a priority scan with labelled breaks, switch fallthrough, try/finally bookkeeping, early returns inside loops.
function classify(t) {
  let weight = 0;
  switch (t.kind) {
    case 'outage':
      weight += 50;
    // falls through
    case 'bug':
      weight += 20;
    case 'question':
      weight += 5;
      break;
    case 'spam':
      return -1;
    default:
      weight = 1;
  }
  return weight + (t.vip ? 100 : 0);
}

function main(args) {
  const queues = args.queues;
  const seen = [];
  let picked = null;
  let scanned = 0;
  search: for (let q = 0; q < queues.length; q++) {
    const queue = queues[q];
    for (let i = 0; i < queue.length; i++) {
      scanned++;
      const t = queue[i];
      if (t === null) continue search;
      const w = classify(t);
      if (w < 0) continue;
      seen.push(`${q}:${i}:${w}`);
      if (w >= args.threshold) {
        picked = { q, i, w, id: t.id };
        break search;
      }
      if (scanned >= args.budget) break search;
    }
  }
  let status = 'idle';
  try {
    if (picked) status = 'assigned';
    else if (seen.length) status = 'queued';
  } finally {
    scanned += 1000;
  }
  let n = 0;
  do {
    n++;
  } while (n < seen.length && n < 3);
  if (picked === null && args.strict) return { status: 'none', seen };
  return { status, picked, seen, scanned, n };
}
