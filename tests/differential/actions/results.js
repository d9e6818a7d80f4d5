// Every shape of result: objects, arrays, non-dictionaries, {error}, thrown errors and values, special numbers and strings.
async function main(args) {
  const k = args.kind;
  const what = args.what;
  if (k === 'string') return 'just a string ' + what;
  if (k === 'number') return 42;
  if (k === 'array') return [1, 'two', { three: 3, what }];
  if (k === 'undefined') return;
  if (k === 'null') return null;
  if (k === 'error') return { error: { code: 400, message: 'bad ' + what } };
  if (k === 'throw') throw new Error('thrown ' + what);
  if (k === 'throw-type') return what.missing.deeper;
  if (k === 'throw-string') throw 'plain ' + what;
  if (k === 'throw-object') throw { code: 7, detail: what };
  if (k === 'numbers') return { nan: NaN, inf: 1 / 0, neg: -0, big: 2 ** 64, small: 5e-324, third: 1 / 3, e21: 1e21, undef: undefined, arr: [undefined, NaN] };
  if (k === 'strings') return { s: what + '\u2028\u0000\t"\\', emoji: '\ud83d\ude00', html: '</script>', long: what.repeat(3) };
  console.log('default', k, what);
  return { kind: k, what };
}
