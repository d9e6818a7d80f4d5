// Probe: a native fetch bounded by the /run deadline vs the Node engine, which does not bound it.
const { spawn } = require('node:child_process');
const http = require('node:http');
const ACTION = "async function main(a) { const r = await fetch(`${a.base}${a.path}`); const t = await r.text(); return { s: r.status, t }; }";
const seen = [];
const backend = http.createServer((req, res) => { seen.push(`${req.method} ${req.url}`); setTimeout(() => res.end('late'), req.url === '/slow' ? 800 : 0); });
const post = (port, path, body) => new Promise((ok, ko) => {
  const r = http.request({ port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(`${res.statusCode} ${res.headers['x-containerless-engine'] || ''} ${t.slice(0, 160)}`)); });
  r.on('error', ko); r.end(JSON.stringify(body));
});
backend.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${backend.address().port}`;
  const port = 18000 + Math.floor(Math.random() * 1000);
  const engine = process.argv[2] || 'auto';
  const child = spawn(require('node:path').join(__dirname, '..', '..', '..', '..', 'bin', 'containerless'), ['serve', '--engine', engine, '--port', String(port)], { env: { ...process.env, CONTAINERLESS_COMPILE_AFTER: '3' }, stdio: ['ignore', 'ignore', 'ignore'] });
  await new Promise((r) => setTimeout(r, 800));
  await post(port, '/init', { value: { main: 'main', code: ACTION } });
  for (let i = 0; i < 3; i++) await post(port, '/run', { value: { base, path: '/fast' } });
  for (let i = 0; i < 150; i++) { const m = await new Promise((ok) => http.get({ port, path: '/metrics' }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(t)); })); if (engine === 'node' || /^containerless_native_ready 1$/m.test(m)) break; await new Promise((r) => setTimeout(r, 100)); }
  const before = seen.length;
  const t0 = Date.now();
  console.log('run /slow, deadline in 300 ms ->', await post(port, '/run', { value: { base, path: '/slow' }, deadline: String(Date.now() + 300) }), `(${Date.now() - t0} ms)`);
  console.log('   backend saw:', seen.slice(before));
  child.kill('SIGTERM'); backend.close(); backend.closeAllConnections();
});
