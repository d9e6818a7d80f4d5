// The demo's backend for users.js: a small HTTP service of users that records who sent each request, per path.
// Usage: node tests/actions/users-backend.js PORTFILE. It listens on a free port of 127.0.0.1, writes
// that port to PORTFILE, and prints nothing. GET /users/N answers the user as JSON (404 when there
// is none); GET /requests answers, per path, who sent each request it got (itself not recorded):
// the demo's evidence that a fallback does not send a request twice, and of which engine sent it.
'use strict';
const http = require('http');
const fs = require('fs');

const users = {
  1: { name: 'Ada Lovelace' },
  2: { name: 'Grace Hopper' },
  3: { name: 'Edsger Dijkstra' },
  4: { name: 'Barbara Liskov' },
  5: { name: 'Linus Torvalds' },
};
const requests = {};

// Who sent a request, told by the spelling of its Host header: undici (Node.js's fetch) writes
// `host`, libcurl (the runtime's native fetch, docs/operations.md) writes `Host`.
function sender(req) {
  const names = req.rawHeaders.filter((_, i) => i % 2 === 0);
  if (names.includes('host')) return 'node';
  if (names.includes('Host')) return 'runtime';
  return 'unknown';
}

const server = http.createServer((req, res) => {
  if (req.url === '/requests') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(requests));
    return;
  }
  (requests[req.url] = requests[req.url] || []).push(sender(req));
  const m = /^\/users\/(\d+)$/.exec(req.url);
  const user = m && req.method === 'GET' ? users[m[1]] : undefined;
  res.writeHead(user ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(user || { error: 'not found' }));
});
server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(process.argv[2], String(server.address().port));
});
// The demo stops it with SIGTERM; kept-alive connections of the runtime must not hold it open.
process.on('SIGTERM', () => process.exit(0));
