// Webhook sender: fetch bodies of every JS type (string, number, boolean, object, array, null, undefined, empty), header maps with odd names and values, methods in any case (helper E's H12 hunt).
async function main(args) {
  const init = { method: args.method === undefined ? 'POST' : args.method };
  if (args.headers !== undefined) init.headers = args.headers;
  if ('body' in args) init.body = args.body;
  if (args.nobody) delete init.body;
  try {
    const res = await fetch(`${args.base}/echo`, init);
    const doc = await res.json();
    console.log('sent', init.method, typeof init.body, '->', res.status);
    return { status: res.status, got: doc };
  } catch (e) {
    console.error('send failed:', e.name, e.message);
    return { failed: e.name + ': ' + e.message, cause: e.cause ? String(e.cause.message || e.cause) : null };
  }
}
