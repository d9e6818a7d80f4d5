// Progress logging to both streams: console.log and console.error/warn alternate, as a step-by-step job log does (finding G3: their merged order).
function main(a) {
  console.log('start', a.n);
  console.error('warning: dry run', a.n);
  console.log('step');
  console.warn('slow step');
  for (let i = 0; i < a.n; i++) {
    console.log('item', i);
    console.error('item failed', i);
  }
  console.info('done');
  return { n: a.n };
}
