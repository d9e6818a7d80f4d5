// Test stand-in for `node bin/containerless serve --engine node --socket P`: the real Node engine, plus
// the private trace endpoints answered from the environment and a record of requests and fallback records.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { startEngine } = require('../../proxy/engine');
const { ActionService } = require('../../proxy/service');

// Every fallback's abort record as the engine read it (framed ahead of the body, or the header):
// one {fallback: record} line per re-executed /run.
const run = ActionService.prototype.run;
ActionService.prototype.run = function recordFallback(body, options = {}) {
  const record = process.env.SHIM_RECORD;
  if (record && options.fallback !== undefined) fs.appendFileSync(record, `${JSON.stringify({ fallback: options.fallback })}\n`);
  return run.call(this, body, options);
};

// argv: <bin/containerless> serve --engine node --socket PATH --body-limit MB [--trace]
const argv = process.argv.slice(2);
const value = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};

async function main() {
  const socket = path.resolve(value('--socket'));
  const bodyLimit = Number(value('--body-limit') || 48) * 1024 * 1024;
  const allowConcurrent = String(process.env.__OW_ALLOW_CONCURRENT || '').toLowerCase() === 'true';
  const server = await startEngine({ listen: { socket }, allowConcurrent, bodyLimit });
  const [engine] = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const record = process.env.SHIM_RECORD;
    if (record) fs.appendFileSync(record, `${JSON.stringify({ method: req.method, url: req.url, fallbackLength: req.headers['x-containerless-fallback-length'] })}\n`);
    if (req.url === '/__containerless/trace' && req.method === 'GET') {
      const trace = {
        version: 1,
        code_sha256: process.env.SHIM_CODE_SHA256 || '',
        entry: 'main',
        compilable: process.env.SHIM_COMPILABLE !== 'false',
        not_compilable_because: process.env.SHIM_COMPILABLE === 'false' ? 'writes a module-level binding' : null,
      };
      const text = JSON.stringify(trace);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (req.url === '/__containerless/trace/stop' && req.method === 'POST') {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 11 });
      res.end('{"OK":true}');
      return;
    }
    engine.call(server, req, res);
  });
}

main().catch((error) => {
  process.stderr.write(`engine-shim: ${error.stack}\n`);
  process.exit(1);
});
