// The native-fetch benchmark's backend: answers every request after DELAY_MS (default 5) on keep-alive connections.
// /a -> {"v":"a"}; anything else -> {"v":"b","n":<request body length>}. Prints "listening PORT".
'use strict';

const http = require('node:http');

const delay = Number(process.env.DELAY_MS || 5);
const server = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (c) => (n += c.length));
  req.on('end', () => {
    setTimeout(() => {
      const body = req.url === '/a' ? '{"v":"a"}' : `{"v":"b","n":${n}}`;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    }, delay);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
