// CPU benchmark action: string building (a text report line by line) and a checksum over it.
function pad(s, width) {
  let out = s;
  while (out.length < width) out = ' ' + out;
  return out;
}

function main(args) {
  const rows = args.rows;
  let text = '';
  for (let i = 0; i < rows; i++) {
    const value = (i * 7919) % 1000;
    const name = 'item-' + i;
    text += pad(name, 12) + ' | ' + pad('' + value, 5) + ' | ' + (value % 2 === 0 ? 'even' : 'odd') + '\n';
  }
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 31 + text.charCodeAt(i)) % 1000000007;
  }
  return { length: text.length, hash, tail: text.slice(text.length - 40) };
}
