// HTTP front of the Node engine on node:http: routes /init and /run, bounds bodies, answers JSON with Content-Length.
'use strict';

const http = require('node:http');
const { Writable } = require('node:stream');

/** The stock runtime's body limit (body-parser's "48mb"). */
const DEFAULT_BODY_LIMIT = 48 * 1024 * 1024;

const BAD_REQUEST = { error: 'Bad request.' };

/**
 * Parses a request body as the stock runtime's body-parser does in strict mode: an empty body is
 * `{}`, otherwise the text must be a JSON object or array. Returns undefined when it is not.
 */
function parseBody(buffer) {
  if (buffer.length === 0) return {};
  // body-parser decodes with iconv-lite, which drops a UTF-8 byte-order mark: so do we.
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = /^[\x20\x09\x0a\x0d]*(.)/s.exec(text);
  if (!first || (first[1] !== '{' && first[1] !== '[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Maps a request path to 'init', 'run' or undefined, matching as Express does (case, trailing slash, query). */
function routeOf(method, url) {
  if (method !== 'POST') return undefined;
  let path = url;
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  path = path.toLowerCase();
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path === '/init') return 'init';
  if (path === '/run') return 'run';
  return undefined;
}

function send(res, status, body, headers) {
  let text;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    // The stock runtime's wrapEndpoint: express's res.json throws (a cycle, a BigInt, a result
    // too deep), its catch logs the error as JSON (a TypeError prints as {}) and answers this.
    let printed;
    try {
      printed = JSON.stringify(error);
    } catch {
      printed = undefined;
    }
    process.stderr.write(`[wrapEndpoint] invalid errored promise ${printed}\n`);
    status = 500;
    text = JSON.stringify({ error: 'Internal error.' });
  }
  if (text === undefined) {
    status = 502;
    text = JSON.stringify({ error: 'The action did not return a dictionary.' });
  }
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': payload.length,
    ...headers,
  });
  res.end(payload);
}

/**
 * Creates the engine's HTTP server around an ActionService. The server never writes to
 * stdout or stderr: everything printed there belongs to an activation's log.
 */
/**
 * A fallback from the native runtime frames its abort record ahead of the /run body: this header
 * says how many bytes of the body are the record (docs/architecture.md). Read only when the
 * engine serves the runtime (`runtimeEngine`); a public engine ignores it.
 */
const FALLBACK_LENGTH_HEADER = 'x-containerless-fallback-length';

/**
 * The native runtime sends, with a /run, the top-level string fields of the /run bodies it
 * answered natively since the previous one it forwarded (actionloop/src/activation_env.h): the
 * engine exports them as the stock runtime would have, before this body's own (finding H13-5).
 */
const NATIVE_ENV_HEADER = 'x-containerless-env';

/** The header's fields as [key, value] string pairs, or undefined when absent or malformed. */
function parseNativeEnv(header) {
  if (typeof header !== 'string') return undefined;
  let fields;
  try {
    fields = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
  return Object.entries(fields).filter(([, v]) => typeof v === 'string');
}

/** Splits a framed fallback body: {record, body}, or undefined when the framing is malformed. */
function splitFallback(buffer, header) {
  if (!/^[0-9]{1,12}$/.test(header)) return undefined;
  const length = Number(header);
  if (length > buffer.length) return undefined;
  return { record: buffer.subarray(0, length).toString('utf8'), body: buffer.subarray(length) };
}

/**
 * The environment settings this server reads: [min, max, default] in milliseconds, the native
 * runtime's ranges (actionloop/src/config.cc), so that both engines accept and refuse the same.
 */
const ENV_MS = {
  CONTAINERLESS_REQUEST_TIMEOUT_MS: [1, 3_600_000, 60_000],
  CONTAINERLESS_BODY_TIMEOUT_MS: [0, 86_400_000, 300_000],
};

/** A bad environment setting; its message is the native runtime's for the same value. */
class SettingError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SettingError';
  }
}

/** A whole number of milliseconds from the environment (the default when unset or empty); throws SettingError otherwise. */
function envMs(name) {
  const [min, max, fallback] = ENV_MS[name];
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new SettingError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Checks every environment setting this server reads, in the runtime's order; throws SettingError. */
function checkEnvSettings() {
  for (const name of Object.keys(ENV_MS)) envMs(name);
}

/**
 * node:http's request timeouts, at the stock runtime's values (express on node:http, Node 20): a
 * request whose head has not all arrived 60 s after its first byte (headersTimeout), or that has
 * not all arrived after 300 s (requestTimeout), gets node's bare `408 Request Timeout` and the
 * connection closes. Only receiving the request is bounded: an activation may run for minutes (the
 * invoker's own timeout is the action's time limit). CONTAINERLESS_REQUEST_TIMEOUT_MS and
 * CONTAINERLESS_BODY_TIMEOUT_MS (0: none) change them, as they do the native runtime's
 * (docs/operations.md).
 */
function requestTimeouts() {
  const requestTimeout = envMs('CONTAINERLESS_BODY_TIMEOUT_MS');
  let headersTimeout = envMs('CONTAINERLESS_REQUEST_TIMEOUT_MS');
  // node:http refuses a headersTimeout above a non-zero requestTimeout.
  if (requestTimeout > 0) headersTimeout = Math.min(headersTimeout, requestTimeout);
  // How often node looks for late requests: its 30 s by default, finer for short timeouts.
  const shortest = requestTimeout > 0 ? Math.min(requestTimeout, headersTimeout) : headersTimeout;
  const connectionsCheckingInterval = Math.min(30_000, Math.max(10, Math.floor(shortest / 2)));
  return { requestTimeout, headersTimeout, connectionsCheckingInterval };
}

/**
 * The largest request head the engine takes on the runtime's socket: the X-Containerless-Env
 * header carries up to 1 MiB of __OW_ fields (actionloop/src/activation_env.h kMaxHeaderBytes),
 * above node:http's 16 KiB default. A public engine keeps node's default, as the stock runtime.
 */
const RUNTIME_MAX_HEADER_SIZE = 1024 * 1024 + 64 * 1024;

function createServer(service, { bodyLimit = DEFAULT_BODY_LIMIT, privateRoutes = undefined, runtimeEngine = false } = {}) {
  const options = runtimeEngine ? { ...requestTimeouts(), maxHeaderSize: RUNTIME_MAX_HEADER_SIZE } : requestTimeouts();
  const server = http.createServer(options, (req, res) => {
    // The engine's private routes (docs/architecture.md; proxy/trace/endpoints.js): a function
    // (method, url) -> responder or undefined, given only when serving a unix socket with --trace.
    const privateRoute = privateRoutes ? privateRoutes(req.method, req.url) : undefined;
    if (privateRoute) {
      req.resume(); // a private route takes no body
      req.on('end', () => privateRoute(res));
      return;
    }
    const route = routeOf(req.method, req.url);
    const framing = runtimeEngine && route === 'run' ? req.headers[FALLBACK_LENGTH_HEADER] : undefined;
    // The record comes on top of a body the runtime already held to the limit.
    const limit = framing !== undefined && /^[0-9]{1,12}$/.test(framing) ? bodyLimit + Number(framing) : bodyLimit;
    const declared = Number(req.headers['content-length']);
    const chunks = [];
    let size = 0;
    // A body over the limit is read to its end and discarded, and refused only then, as the stock
    // runtime's body-parser does: answering while the client was still sending reset the
    // connection under it (always when the client asked for Connection: close), so clients such
    // as node:http saw EPIPE/ECONNRESET instead of the answer.
    let tooBig = Number.isFinite(declared) && declared > limit;
    let aborted = false;
    req.on('data', (chunk) => {
      if (tooBig) return;
      size += chunk.length;
      if (size > limit) {
        tooBig = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      // The client went away mid-body: there is no one to answer.
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      if (tooBig) {
        tooLarge(res, bodyLimit);
        return;
      }
      if (route === undefined) {
        send(res, 500, BAD_REQUEST);
        return;
      }
      let buffer = Buffer.concat(chunks, size);
      // A fallback's abort record: framed ahead of the body, or (short records, older runtimes)
      // in the X-Containerless-Fallback header.
      let fallback = req.headers['x-containerless-fallback'];
      if (framing !== undefined) {
        const split = splitFallback(buffer, framing);
        if (split === undefined) {
          send(res, 500, BAD_REQUEST);
          return;
        }
        fallback = split.record;
        buffer = split.body;
      }
      const body = parseBody(buffer);
      if (body === undefined) {
        send(res, 500, BAD_REQUEST);
        return;
      }
      const replayed = req.headers['x-containerless-replayed-init'] === '1';
      // The __OW_ fields of the activations the runtime answered natively since its last /run here.
      const nativeEnv = runtimeEngine && route === 'run' ? parseNativeEnv(req.headers[NATIVE_ENV_HEADER]) : undefined;
      const handler = route === 'init' ? service.init(body, { replayed }) : service.run(body, { fallback, nativeEnv });
      handler.then(
        (r) => afterLogs(runtimeEngine, () => send(res, r.status, r.body, r.headers)),
        (error) => send(res, 500, { error: `Internal error: ${error && error.message}` })
      );
    });
  });
  // No inactivity timeout on a socket: actions may run for minutes.
  server.timeout = 0;
  return server;
}

/**
 * Under the native runtime, a reply waits until what the activation wrote to stdout and stderr is
 * in the pipes the runtime relays: a write to a full pipe is queued, and the runtime writes the
 * lines it has read before it sends the reply on (docs/architecture.md, "Activation logs"), so
 * the log and its sentinels must be there first. Nothing queued, the common case: at once.
 */
function afterLogs(runtimeEngine, reply) {
  if (!runtimeEngine || (process.stdout.writableLength === 0 && process.stderr.writableLength === 0)) {
    reply();
    return;
  }
  let pending = 2;
  const done = () => {
    if (--pending === 0) reply();
  };
  // An empty write completes only after every earlier write (as in engine.js at exit); the
  // streams' own write, even if an action replaced theirs.
  Writable.prototype.write.call(process.stdout, '', done);
  Writable.prototype.write.call(process.stderr, '', done);
}

function tooLarge(res, bodyLimit) {
  send(res, 413, { error: `Request body exceeds the limit of ${Math.round(bodyLimit / (1024 * 1024))} MB.` });
}

module.exports = {
  createServer,
  checkEnvSettings,
  parseBody,
  parseNativeEnv,
  routeOf,
  splitFallback,
  DEFAULT_BODY_LIMIT,
  SettingError,
};
