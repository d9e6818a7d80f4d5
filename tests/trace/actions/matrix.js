// Numeric nested loops: matrix product and trace.
function multiply(a, b) {
  const n = a.length;
  const m = b[0].length;
  const k = b.length;
  const c = [];
  for (let i = 0; i < n; i++) {
    const row = [];
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let x = 0; x < k; x++) s += a[i][x] * b[x][j];
      row.push(s);
    }
    c.push(row);
  }
  return c;
}

function main(params) {
  const a = params.a;
  const b = params.b || a;
  if (!Array.isArray(a) || a.length === 0) return { error: 'a must be a non-empty matrix' };
  const c = multiply(a, b);
  let trace = 0;
  for (let i = 0; i < c.length && i < c[i].length; i++) trace += c[i][i];
  return { c, trace };
}
