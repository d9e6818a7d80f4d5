// A raw HTTP server whose answers the network cuts short after a whole head, for the tests of fetch's body_error (replay and differential).
'use strict';

const net = require('node:net');

/**
 * Listens on 127.0.0.1 and answers every request with exact bytes (so a record's headers are the
 * real ones): a head promising 100 body bytes, 7 of them, then 20 ms later a close (any path) or
 * a reset (a path starting /reset). `server.requests` counts the requests, `server.url(p)` is
 * the URL of path p.
 */
async function cuttingServer() {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (request) => {
      server.requests++;
      const reset = / \/reset/.test(request.toString('latin1'));
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      setTimeout(() => (reset ? socket.resetAndDestroy() : socket.destroy()), 20);
    });
  });
  server.requests = 0;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.url = (p) => `http://127.0.0.1:${server.address().port}${p}`;
  return server;
}

module.exports = { cuttingServer };
