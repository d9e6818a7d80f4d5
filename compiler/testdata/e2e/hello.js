function main(args) {
  let name = 'world';
  if (args.name) {
    name = args.name;
  }
  return { payload: 'Hello, ' + name + '!' };
}
