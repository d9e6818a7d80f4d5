// Webhook sender: sends a caller-built text or JSON body with a chosen method and content type, and reports what the echo endpoint received.
async function main(args) {
  const init = { method: args.method, headers: { 'x-hook': 'h10' } };
  if (args.type) init.headers['content-type'] = args.type;
  if (args.json !== undefined) init.body = JSON.stringify(args.json);
  else if (args.text !== undefined) init.body = args.cut ? args.text.slice(0, args.cut) : args.text;
  const res = await fetch(`${args.base}/echo`, init);
  const echo = await res.json();
  console.log(res.status, echo.method, echo.type, echo.got.length);
  return { status: res.status, echo };
}
