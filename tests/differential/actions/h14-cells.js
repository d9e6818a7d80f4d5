// Closures over written bindings (shared cells): counters in callbacks, a helper-made counter, a captured var, for-let bindings changed in the body, a recursive walk with a cell per level, and strings appended in place while earlier views are kept (helper E2's H14 hunt).
function makeCounter(start) {
  let n = start;
  return { inc: () => ++n, get: () => n };
}

function walk(node, depth) {
  let seen = 0;
  const note = () => {
    seen += 1;
    return seen;
  };
  const kids = Array.isArray(node.kids) ? node.kids : [];
  const sub = kids.map((k) => {
    note();
    return walk(k, depth + 1);
  });
  return { depth, seen, sub, last: note() };
}

function main(args) {
  const xs = Array.isArray(args.xs) ? args.xs : [];
  let over = 0;
  const picked = [];
  xs.forEach((x) => {
    if (x > args.limit) {
      over++;
      picked.push(x);
    }
  });
  const c = makeCounter(args.start);
  for (let i = 0; i < args.steps; i++) c.inc();
  var total = 0;
  const add = (v) => (total += v);
  const running = xs.map(add);
  const late = [];
  for (let i = 0; i < args.steps; i++) {
    late.push(() => i);
    i++;
  }
  const bumps = [];
  for (let j = 0; j < 3; j++) bumps.push(() => j++);
  const firstRound = bumps.map((f) => f());
  const secondRound = bumps.map((f) => f());
  // Closures in a for-let initializer see the initial copy of i, not the iterations' copies.
  const initial = [];
  for (let i = 0, get = () => i; i < args.steps && i < 5; i++) initial.push(`${get()}:${i}`);
  const countdown = [];
  let once = 0;
  for (let i = args.steps, jump = (v) => (i = v); i > 0 && countdown.length < 5; i--) {
    countdown.push(i);
    if (once++ === 0) jump(100);
  }
  // In-place appends: every earlier view of the string keeps its text.
  let text = String(args.text);
  const original = text;
  text += '|';
  const views = [];
  xs.forEach((x) => {
    text += x;
    views.push(text);
  });
  const held = { text };
  text += '!';
  console.log('cells', over, c.get(), total, text.length);
  return { initial, countdown, over, picked, counter: c.get(), total, running, late: late.map((f) => f()), firstRound, secondRound, original, views, held, text, tree: walk(args.tree || {}, 0) };
}
