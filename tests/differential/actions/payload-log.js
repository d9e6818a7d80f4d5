// Request logger: logs the incoming payload in several forms (util.inspect, format specifiers, nested, JSON with indent) and echoes it back.
function main(args) {
  const v = args.payload;
  console.log(v);
  console.log('payload:', v, typeof v);
  console.error('%s | %d | %i | %j | %O', v, v, v, v, v);
  console.log([v, [v]], { v, nested: { v } });
  const text = JSON.stringify(v, null, 2);
  console.log(`text=${text}`);
  return { payload: v, text, len: text === undefined ? -1 : text.length };
}
