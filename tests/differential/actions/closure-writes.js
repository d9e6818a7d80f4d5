// Closures over bindings that are written (shared cells): totals, counters, last matches and duplicate counts kept by callbacks and helpers.
function counter(start) {
  let n = start;
  return () => ++n;
}

function tally(list) {
  let ok = 0;
  let bad = 0;
  let last;
  list.forEach((x) => {
    if (x.ok) {
      ok++;
      last = x.id;
    } else {
      bad += 1;
    }
  });
  return { ok, bad, last };
}

async function fetchCount(xs) {
  return xs.length;
}

async function main(params) {
  const items = params.items || [];
  let audits = 0;
  const limit = params.min;
  function audit(x) {
    audits += x > limit ? 1 : 0;
  }
  let total = 0;
  items.forEach((it) => {
    total += it.price * it.qty;
  });
  let count = 0;
  const inc = () => {
    count++;
  };
  inc();
  if (params.twice) inc();
  const seen = {};
  let dups = 0;
  const xs = params.xs || [];
  xs.forEach((x) => {
    if (seen[x]) dups++;
    seen[x] = true;
  });
  let mapped = 0;
  const doubled = xs.map((x) => {
    mapped++;
    return x * 2;
  });
  let dropped = 0;
  const kept = xs.filter((x) => {
    if (x > params.min) return true;
    dropped += 1;
    return false;
  });
  let steps = 0;
  const sum = xs.reduce((acc, x) => {
    steps++;
    return acc + x;
  }, 0);
  const next = counter(params.start || 0);
  next();
  const ticket = next();
  let depth = 0;
  const outer = () => {
    let inner = 0;
    const bump = (by) => {
      depth += by;
      inner += 1;
    };
    xs.forEach((x) => bump(x));
    return inner;
  };
  const innerCount = outer();
  let label = 'start';
  const relabel = (s) => {
    label = `${label}/${s}`;
  };
  relabel(params.tag || 'none');
  const n = await fetchCount(xs);
  relabel(n);
  const t = tally(items);
  const depthOf = (k) => (k > 0 ? 1 + depthOf(k - 1) : 0);
  const depth2 = depthOf(params.twice ? 3 : 2);
  const above = [];
  for (let i = 0; i < xs.length; i += 2) above.push(() => xs.filter((x) => x > xs[i]).length);
  xs.forEach(audit);
  audit(n);
  if (params.log) console.log('total', total, 'dups', dups, 'label', label);
  if (params.call) total();
  return { depth2, above: above.map((f) => f()), audits, total, count, dups, mapped, doubled, dropped, kept, steps, sum, ticket, depth, innerCount, label, n, t };
}
