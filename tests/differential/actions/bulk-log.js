// Bulk exporter: logs every row of a generated report (many lines, long lines) to stdout and a summary to stderr.
function main(args) {
  const line = 'x'.repeat(args.width);
  for (let i = 0; i < args.lines; i++) console.log(`${i}:${line}`);
  console.error('exported', args.lines, 'rows of', args.width);
  return { rows: args.lines };
}
