// Probe: credentials headers on a cross-origin redirect (127.0.0.1 -> localhost, and to another port).
const { spawn } = require('node:child_process');
const http = require('node:http');
const ACTION = "async function main(a) { const r = await fetch(`${a.base}${a.path}`, { headers: { authorization: 'Bearer secret', cookie: 'c=1', 'proxy-authorization': 'p', 'x-custom': 'y' } }); const t = await r.text(); return { s: r.status, t }; }";
const seen = [];
const mk = () => http.createServer((req, res) => {
  seen.push(`${req.method} ${req.headers.host}${req.url} ${JSON.stringify(req.rawHeaders.filter((_, i) => i % 2 === 0).map((x) => x.toLowerCase()).filter((x) => /auth|cookie|custom/.test(x)))}`);
  if (req.url.startsWith('/redirect')) { res.writeHead(302, { Location: new URL(req.url, 'http://x').searchParams.get('to') }); return res.end(); }
  res.end('ok');
});
const a = mk(); const b = mk();
const post = (port, path, body) => new Promise((ok, ko) => {
  const r = http.request({ port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(`${res.statusCode} ${res.headers['x-containerless-engine'] || ''} ${t.slice(0, 100)}`)); });
  r.on('error', ko); r.end(JSON.stringify(body));
});
a.listen(0, '127.0.0.1', () => b.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${a.address().port}`;
  const port = 18000 + Math.floor(Math.random() * 1000);
  const engine = process.argv[2] || 'auto';
  const child = spawn(require('node:path').join(__dirname, '..', '..', '..', '..', 'bin', 'containerless'), ['serve', '--engine', engine, '--port', String(port)], { env: { ...process.env, CONTAINERLESS_COMPILE_AFTER: '3' }, stdio: ['ignore', 'ignore', 'ignore'] });
  await new Promise((r) => setTimeout(r, 800));
  await post(port, '/init', { value: { main: 'main', code: ACTION } });
  for (let i = 0; i < 3; i++) await post(port, '/run', { value: { base, path: '/redirect?to=/echo' } });
  for (let i = 0; i < 150; i++) { const m = await new Promise((ok) => http.get({ port, path: '/metrics' }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(t)); })); if (engine === 'node' || /^containerless_native_ready 1$/m.test(m)) break; await new Promise((r) => setTimeout(r, 100)); }
  for (const to of ['/echo', `http://localhost:${a.address().port}/echo`, `http://127.0.0.1:${b.address().port}/echo`]) {
    const before = seen.length;
    console.log('redirect to', to.replace(/\d{4,5}/, 'P'), '->', await post(port, '/run', { value: { base, path: `/redirect?to=${encodeURIComponent(to)}` } }));
    for (const s of seen.slice(before)) console.log('   backend saw:', s.replace(/:\d{4,5}/, ':P'));
  }
  child.kill('SIGTERM'); a.close(); b.close(); a.closeAllConnections(); b.closeAllConnections();
}));
