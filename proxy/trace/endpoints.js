// The Node engine's private trace routes (docs/architecture.md): GET /__containerless/trace and POST /__containerless/trace/stop.
'use strict';

const TRACE_PATH = '/__containerless/trace';
const STOP_PATH = '/__containerless/trace/stop';

function sendText(res, status, text) {
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length });
  res.end(payload);
}

/**
 * The `privateRoutes` option of proxy/server.js createServer for a Tracing: maps (method, url) to
 * a responder, or undefined for every other request (which then goes to the protocol routes).
 * A private path with the wrong method gets 405, so that a typo is not mistaken for /run.
 */
function tracePrivateRoutes(tracing) {
  return (method, url) => {
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    if (path === TRACE_PATH) {
      if (method !== 'GET') return (res) => sendText(res, 405, JSON.stringify({ error: `${TRACE_PATH} takes GET` }));
      return (res) => {
        const r = tracing.traceReply();
        sendText(res, r.status, r.text !== undefined ? r.text : JSON.stringify(r.json));
      };
    }
    if (path === STOP_PATH) {
      if (method !== 'POST') return (res) => sendText(res, 405, JSON.stringify({ error: `${STOP_PATH} takes POST` }));
      return (res) => {
        tracing.stop();
        sendText(res, 200, JSON.stringify({ OK: true }));
      };
    }
    return undefined;
  };
}

module.exports = { tracePrivateRoutes, TRACE_PATH, STOP_PATH };
