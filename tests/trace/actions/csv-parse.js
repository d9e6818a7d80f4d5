// Parses CSV text with a header into objects, converting numbers.
function convert(cell) {
  const t = cell.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isNaN(n) ? t : n;
}

function main(params) {
  const lines = String(params.csv || '').split('\n');
  const header = lines[0].split(',');
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].length === 0) continue;
    const cells = lines[i].split(',');
    const row = {};
    for (let j = 0; j < header.length; j++) row[header[j].trim()] = j < cells.length ? convert(cells[j]) : null;
    rows.push(row);
  }
  return { columns: header.length, rows };
}
