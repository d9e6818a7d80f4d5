// Starts the Node engine: the ActionService behind the HTTP server, signal handling and last-resort error handling.
'use strict';

const fs = require('node:fs');
const { ActionService } = require('./service');
const { createServer } = require('./server');
const { loadSerializeError } = require('./errors');

/**
 * Starts serving. `listen` is {port, host} or {socket}; resolves to the http.Server once listening.
 * Rejects with an Error whose message is ready to print when the address cannot be bound.
 */
async function startEngine({ listen, allowConcurrent, bodyLimit }) {
  await loadSerializeError();
  const service = new ActionService({ allowConcurrent });
  const server = createServer(service, { bodyLimit });
  installLastResortHandlers(service);

  if (listen.socket) {
    try {
      fs.unlinkSync(listen.socket);
    } catch {
      // No stale socket to remove.
    }
  }
  await new Promise((resolve, reject) => {
    server.once('error', (error) => {
      const where = listen.socket || `port ${listen.port}`;
      reject(new Error(`cannot listen on ${where}: ${error.code || error.message}`));
    });
    if (listen.socket) server.listen(listen.socket, resolve);
    else server.listen(listen.port, listen.host, resolve);
  });

  const stop = () => {
    service.cleanup();
    server.close();
    server.closeAllConnections();
    if (listen.socket) fs.rmSync(listen.socket, { force: true });
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('exit', () => service.cleanup());
  return server;
}

/**
 * Keeps the engine serving when an action throws outside any promise it returned (a timer
 * callback, say) or leaves a rejection unhandled. Node would print the error and exit, and the
 * stock container would be destroyed with the activation failed. We print the error to the
 * activation's stderr, fail the activation in flight with a 502 when it is the only one (so it is
 * known to be the culprit), and go on serving.
 */
function installLastResortHandlers(service) {
  const onError = (error) => {
    console.error('Uncaught', error);
    service.failLoneActivation(error);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
}

module.exports = { startEngine };
