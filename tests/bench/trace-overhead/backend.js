// The fetch action's backend: a bare node:http server on 127.0.0.1 that answers every request at
// once with the same small JSON document. Usage: node backend.js PORT
'use strict';
const http = require('node:http');
const items = [];
for (let i = 0; i < 10; i++) items.push({ name: 'item' + i, v: i * 3 });
const payload = Buffer.from(JSON.stringify({ items }));
http
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
      res.end(payload);
    });
  })
  .listen(Number(process.argv[2]), '127.0.0.1');
