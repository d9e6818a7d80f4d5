function main(args) {
  let total = 0;
  for (let i = 0; i < args.n; i++) {
    if (i % 3 === 0) continue;
    total = total + i * 1.5;
  }
  return { total: total, avg: total / args.n };
}
