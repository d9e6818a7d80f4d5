// Minimal reproduction: a native fetch whose connection is dropped by the backend.
const { spawn } = require('node:child_process');
const http = require('node:http');
const ACTION = "async function main(a) { const r = await fetch(`${a.base}${a.path}`, { method: \"POST\", headers: { \"content-type\": \"application/json\" }, body: JSON.stringify({ order: a.path }) }); const t = await r.text(); return { s: r.status, t }; }";
const seen = [];
const backend = http.createServer((req, res) => {
  seen.push(`${req.method} ${req.url} ${req.rawHeaders[0]} conn=${req.headers.connection || '-'} sock=${req.socket.remotePort}`);
  if (req.url === '/drop') return req.socket.destroy();
  res.end('{}');
});
const post = (port, path, body) => new Promise((ok, ko) => {
  const r = http.request({ port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(`${res.statusCode} ${res.headers['x-containerless-engine'] || ''} ${t}`)); });
  r.on('error', ko); r.end(JSON.stringify(body));
});
backend.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${backend.address().port}`;
  const port = 18000 + Math.floor(Math.random() * 1000);
  const engine = process.argv[2] || 'auto';
  const child = spawn(require('node:path').join(__dirname, '..', '..', '..', '..', 'bin', 'containerless'), ['serve', '--engine', engine, '--port', String(port)], { env: { ...process.env, CONTAINERLESS_COMPILE_AFTER: '3' }, stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((r) => setTimeout(r, 800));
  console.log('init', await post(port, '/init', { value: { main: 'main', code: ACTION } }));
  for (const path of ['/ok', '/ok', '/ok']) console.log('run', path, await post(port, '/run', { value: { base, path } }));
  for (let i = 0; i < 100; i++) { const m = await new Promise((ok) => http.get({ port, path: '/metrics' }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(t)); })); if (engine === 'node' || /^containerless_native_ready 1$/m.test(m)) { console.log('native ready after', i); break; } await new Promise((r) => setTimeout(r, 100)); }
  for (const path of ['/ok', '/drop', '/ok']) {
    const before = seen.length;
    console.log('run', path, await post(port, '/run', { value: { base, path } }));
    console.log('   backend saw:', seen.slice(before));
  }
  child.kill('SIGTERM'); backend.close(); backend.closeAllConnections();
});
