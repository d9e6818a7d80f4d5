function main(args) {
  console.log('hello', args.name, 42, 1.5, true, null, undefined);
  console.log({ a: 1, s: 'str', nested: { arr: [1, 2, 3] } });
  console.error('to stderr');
  console.log('multi\nline');
  return { done: true };
}
