// Usage: node native-check.js ACTION.js '[inputs...]' : serves the action with `serve` (auto, compile after 3), runs the first 3 inputs, waits for native_ready 1, runs the rest; prints each reply with its engine.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const code = fs.readFileSync(process.argv[2], 'utf8');
const inputs = JSON.parse(process.argv[3]);
const engine = process.argv[4] || 'auto';
const post = (port, path, body) => new Promise((ok, ko) => {
  const r = http.request({ port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(`${res.statusCode} ${res.headers['x-containerless-engine'] || ''} ${t}`)); });
  r.on('error', ko); r.end(JSON.stringify(body));
});
(async () => {
  const port = 18000 + Math.floor(Math.random() * 1000);
  const log = require('node:path').join(require('node:os').tmpdir(), `native-check-${port}.log`);
  const child = spawn(require('node:path').join(__dirname, '..', '..', '..', '..', 'bin', 'containerless'), ['serve', '--engine', engine, '--port', String(port)], { env: { ...process.env, CONTAINERLESS_COMPILE_AFTER: '3', CONTAINERLESS_LOG_FILE: log }, stdio: ['ignore', 'ignore', 'ignore'] });
  await new Promise((r) => setTimeout(r, 800));
  console.log('init', await post(port, '/init', { value: { main: 'main', code } }));
  for (const [i, value] of inputs.entries()) {
    if (i === 3 && engine === 'auto') {
      for (let k = 0; k < 150; k++) { const m = await new Promise((ok) => http.get({ port, path: '/metrics' }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => ok(t)); })); if (/^containerless_native_ready 1$/m.test(m)) break; await new Promise((r) => setTimeout(r, 100)); }
    }
    console.log('run', JSON.stringify(value), '->', await post(port, '/run', { value }));
  }
  child.kill('SIGTERM');
  if (engine === 'auto') console.log(fs.readFileSync(log, 'utf8').split('\n').filter((l) => /abort|demot|compil/.test(l)).map((l) => l.slice(0, 300)).join('\n'));
})();
