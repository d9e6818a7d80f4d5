// Form field coercion report: for each raw field value, every conversion a form handler might apply (Number, parseInt/parseFloat, unary +, String, toFixed, Math.round, isNaN, ==), logged and returned.
function row(x) {
  const n = +x;
  return {
    x,
    type: typeof x,
    num: Number(x),
    plus: n,
    int: parseInt(x),
    hex: parseInt(x, 16),
    float: parseFloat(x),
    str: String(x),
    cat: x + '',
    round: Math.round(n),
    trunc: Math.trunc(n),
    fixed: Number.isFinite(n) ? n.toFixed(1) : 'n/a',
    isInt: Number.isInteger(n),
    nan: isNaN(x),
    fin: isFinite(x),
    truthy: !!x,
    eqZero: x == 0,
    eqEmpty: x == '',
    neg: -n,
    half: n / 2,
    mod: n % 3,
    pow: n ** 2,
  };
}

function main(args) {
  const rows = args.fields.map(row);
  for (const r of rows) console.log(r.x, '->', r.num, r.int, r.float, r.round, r.neg, r.mod);
  return { rows };
}
