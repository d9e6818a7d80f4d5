// The floor of the engine-http benchmark: the least a node:http server can do to answer the
// benchmark's POST /run. It reads the request body and answers with the hello action's result, as
// the same bytes and headers as the engine sends (JSON, Content-Length, keep-alive), without
// parsing the request or any OpenWhisk logic. Prints nothing.
//
// Usage: node floor.js PORT
'use strict';

const http = require('node:http');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: node floor.js PORT\n');
  process.exit(2);
}

const BODY = Buffer.from(JSON.stringify({ payload: 'Hello, bench!' }), 'utf8');

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': BODY.length,
    });
    res.end(BODY);
  });
});
// As the engine: no server-side timeouts.
server.timeout = 0;
server.requestTimeout = 0;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
