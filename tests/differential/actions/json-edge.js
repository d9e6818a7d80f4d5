// Reads a JSON document from the backend with json(), walks its keys, logs it and re-serializes it.
async function main(args) {
  const res = await fetch(`${args.base}/weird?v=${args.v}`);
  const doc = await res.json();
  const keys = Object.keys(doc);
  let sum = 0;
  for (const k of keys) if (typeof doc[k] === 'number') sum += doc[k];
  console.log('doc', doc);
  console.error('keys', keys, 'sum', sum);
  return { doc, keys, sum, text: JSON.stringify(doc), first: doc[keys[0]] };
}
