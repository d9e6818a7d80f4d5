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
async function startEngine({ listen, allowConcurrent, bodyLimit, trace = false }) {
  await loadSerializeError();
  // The engine of the native runtime (a unix socket) re-executes aborted native activations and
  // replays what they took from outside. Its wrappers go in before the tracer loads, which
  // captures the built-ins' identities (proxy/trace/builtins.js).
  const runtimeEngine = Boolean(listen.socket);
  if (runtimeEngine) require('./replay').installReplay();
  // --trace: instrument text actions and record trace trees; the private trace routes are served
  // only on a unix socket (the native runtime's), never on a port reachable by anyone else.
  const tracing = trace ? new (require('./trace/tracing').Tracing)() : undefined;
  const privateRoutes = tracing && listen.socket ? require('./trace/endpoints').tracePrivateRoutes(tracing) : undefined;
  const service = new ActionService({ allowConcurrent, tracing, watchSharedState: runtimeEngine && tracing !== undefined });
  const server = createServer(service, { bodyLimit, privateRoutes, runtimeEngine });
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
    exitAfterFlushingLogs();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('exit', () => service.cleanup());
  return server;
}

/**
 * Exits with code 0 once stdout and stderr have handed everything already written to the OS.
 * Writes to a pipe are asynchronous once the pipe is full, and process.exit() drops what is still
 * queued: a SIGTERM right after a large activation log lost the end of the log and its sentinels.
 * An empty write completes only after every earlier write. A reader that stops reading cannot
 * hold the exit for more than a few seconds.
 */
function exitAfterFlushingLogs() {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(0);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
  setTimeout(() => process.exit(0), 5000);
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
