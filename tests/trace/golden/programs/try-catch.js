// try/catch: the try path returns, a throw in a callee (caught in main) and a throw statement run the catch block.
// inputs: [{"n": 2}, {"n": 3, "label": "x"}, {"n": 20}, {"n": -1}, {}]
function check(n) {
  if (n < 0) throw new RangeError('negative');
  return n * 2;
}

async function main(args) {
  let note = 'none';
  try {
    const doubled = check(args.n);
    if (doubled > 10) throw { code: 'big' };
    note = args.label || 'plain';
    return { doubled, note };
  } catch (e) {
    if (e instanceof Error) return { error: e.message };
    return { error: e.code, note };
  }
}
