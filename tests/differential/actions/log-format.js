// Logging helper: writes caller-chosen util.format patterns with one or two values to stdout or stderr, as a structured logger's sink does.
function log(level, fmt, a, b) {
  if (level === 'error') console.error(fmt, a, b);
  else if (level === 'warn') console.warn(fmt, a);
  else console.log(fmt, a);
}

function main(args) {
  for (const e of args.entries) log(e.level, e.fmt, e.a, e.b);
  console.log();
  console.log('');
  console.error('count=%d', args.entries.length);
  return { n: args.entries.length };
}
