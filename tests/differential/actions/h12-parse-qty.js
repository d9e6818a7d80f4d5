// Quantity parser for form input: Number, parseInt (with radices), parseFloat and unary plus on user strings, with the sign of zero and overflow reported (helper E's H12 hunt).
function describe(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return 1 / x < 0 ? '-0' : '0';
  return String(x);
}

function main(args) {
  const out = [];
  for (const s of args.inputs || []) {
    out.push([s, describe(Number(s)), describe(parseInt(s)), describe(parseInt(s, args.radix)), describe(parseFloat(s)), describe(+s), describe(s * 1), describe(Number.parseFloat(s)), Number.isInteger(Number(s))]);
  }
  console.log(out.map((r) => r.join(' | ')).join('\n'));
  return { rows: out };
}
