// Minimal reproduction of F6/F7: a POST redirected with 303 (method becomes GET), and a HEAD; prints what the backend saw.
const { spawn } = require('node:child_process');
const http = require('node:http');
const ACTION = "async function main(a) { const init = { method: a.method, headers: { 'x-relay': 'edge', 'content-type': 'application/json', 'content-language': 'en' } }; if (a.body !== undefined) init.body = a.body; const r = await fetch(`${a.base}${a.path}`, init); const t = await r.text(); return { s: r.status, t }; }";
const seen = [];
const backend = http.createServer((req, res) => {
  seen.push(`${req.method} ${req.url} ${JSON.stringify(req.rawHeaders.filter((_, i) => i % 2 === 0 || true))}`);
  if (req.url.startsWith('/redirect')) { res.writeHead(303, { Location: '/echo' }); return res.end(); }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'] || null }));
});
const post = (port, path, body) => new Promise((ok, ko) => {
  const r = http.request({ port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(`${res.statusCode} ${res.headers['x-containerless-engine'] || ''} ${t}`)); });
  r.on('error', ko); r.end(JSON.stringify(body));
});
backend.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${backend.address().port}`;
  const port = 18000 + Math.floor(Math.random() * 1000);
  const engine = process.argv[2] || 'auto';
  const child = spawn(require('node:path').join(__dirname, '..', '..', '..', '..', 'bin', 'containerless'), ['serve', '--engine', engine, '--port', String(port)], { env: { ...process.env, CONTAINERLESS_COMPILE_AFTER: '3' }, stdio: ['ignore', 'ignore', 'ignore'] });
  await new Promise((r) => setTimeout(r, 800));
  await post(port, '/init', { value: { main: 'main', code: ACTION } });
  for (const v of [{ method: 'POST', path: '/echo', body: 'x' }, { method: 'GET', path: '/echo' }, { method: 'POST', path: '/echo', body: 'y' }]) await post(port, '/run', { value: { base, ...v } });
  for (let i = 0; i < 150; i++) { const m = await new Promise((ok) => http.get({ port, path: '/metrics' }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(t)); })); if (engine === 'node' || /^containerless_native_ready 1$/m.test(m)) break; await new Promise((r) => setTimeout(r, 100)); }
  for (const v of [{ method: 'POST', path: '/redirect', body: '{"a":1}' }, { method: 'HEAD', path: '/echo' }]) {
    const before = seen.length;
    console.log('run', JSON.stringify(v), '->', await post(port, '/run', { value: { base, ...v } }));
    for (const s of seen.slice(before)) console.log('   backend saw:', s);
  }
  child.kill('SIGTERM'); backend.close(); backend.closeAllConnections();
});
