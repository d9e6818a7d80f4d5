// Echo: logs the arguments as received and returns them with their keys and the type of one field (the /run body reader's view of the value).
function main(a) {
  console.log(a);
  return { got: a, keys: Object.keys(a), n: a.n, name: a.name, t: typeof a.name };
}
