// Replays a native activation's effects in the Node engine: fetch, Date.now (and new Date()) and Math.random wrappers installed once, answering from an abort record per activation (AsyncLocalStorage, enabled only while one replays).
'use strict';

const { AsyncLocalStorage } = require('node:async_hooks');
const os = require('node:os');
const zlib = require('node:zlib');

/**
 * The runtime re-executes an aborted native activation here with its abort record
 * (docs/handler-abi.md, section 3). What the native attempt already took from outside is in the
 * record's `effects`: each `{fetch, response}` was a real request, so the re-execution must not
 * send it again, and `{now}` / `{random}` values were already observed. For that activation
 * only, the wrappers below answer from the record, in order; everything else passes through.
 */
const storage = new AsyncLocalStorage();
/**
 * Replayed activations in flight. An enabled AsyncLocalStorage turns on Node's promise hooks, a
 * cost on every promise of the process (tens of µs on an activation that fetches); the storage
 * is disabled again when the last replay ends, so only replays pay for it.
 */
let replaying = 0;

let originals;

/** Builds one activation's replay state from an abort record (parsed); undefined when there is nothing to replay. */
function replayState(record) {
  const effects = record && Array.isArray(record.effects) ? record.effects : [];
  const state = { fetches: [], nows: [], randoms: [], fetchAt: 0, nowAt: 0, randomAt: 0, fetchReplay: true };
  for (const effect of effects) {
    if (effect === null || typeof effect !== 'object') continue;
    if (effect.fetch && typeof effect.fetch === 'object' && effect.response && typeof effect.response === 'object') {
      state.fetches.push(effect);
    } else if (typeof effect.now === 'number') {
      state.nows.push(effect.now);
    } else if (typeof effect.random === 'number') {
      state.randoms.push(effect.random);
    }
  }
  if (state.fetches.length + state.nows.length + state.randoms.length === 0) return undefined;
  return state;
}

/** undici upper-cases these methods whatever their case (and sends any other as written). */
function normalizeMethod(method) {
  const upper = String(method).toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : String(method);
}

/** A body as the native side records it: UTF-8 text, a lone surrogate as U+FFFD (as Node encodes it). */
function wellFormed(body) {
  return typeof body === 'string' ? Buffer.from(body, 'utf8').toString('utf8') : body;
}

function sameUrl(a, b) {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/**
 * The recorded chain the next fetch(input, init) stands for: its request's result, then the
 * requests the native side sent following redirects (effects marked `"redirect": n`, n = 1, 2, …
 * right after it), as [{call, result}]. Undefined when it is not the same call (a different url,
 * method or body, or a form the native side never records): replay of fetch then ends for this
 * activation and the call goes to the network.
 */
function matchFetch(state, input, init) {
  if (!state.fetchReplay || state.fetchAt >= state.fetches.length) return undefined;
  const recorded = state.fetches[state.fetchAt];
  const call = recorded.fetch;
  const options = init === undefined || init === null ? {} : init;
  const body = options.body === undefined || options.body === null ? null : options.body;
  const method = options.method === undefined ? 'GET' : options.method;
  const same =
    recorded.redirect === undefined &&
    typeof input === 'string' &&
    typeof call.url === 'string' &&
    sameUrl(input, call.url) &&
    normalizeMethod(method) === normalizeMethod(call.method === undefined || call.method === null ? 'GET' : call.method) &&
    (typeof body === 'string' || body === null) &&
    wellFormed(body) === (call.body === undefined ? null : call.body);
  if (!same) {
    state.fetchReplay = false;
    return undefined;
  }
  state.fetchAt++;
  const chain = [{ call, result: recorded.response }];
  while (state.fetchAt < state.fetches.length && state.fetches[state.fetchAt].redirect === chain.length) {
    const hop = state.fetches[state.fetchAt++];
    chain.push({ call: hop.fetch, result: hop.response });
  }
  return chain;
}

/** The body bytes as they would arrive with these headers: re-encoded, so that undici decodes them back. */
function encodedBody(bytes, headers) {
  const encodings = headers
    .filter(([name]) => name === 'content-encoding')
    .flatMap(([, value]) => value.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '' && v !== 'identity');
  let out = bytes;
  for (const coding of encodings) {
    if (coding === 'gzip' || coding === 'x-gzip') out = zlib.gzipSync(out);
    else if (coding === 'deflate') out = zlib.deflateSync(out);
    else if (coding === 'br') out = zlib.brotliCompressSync(out);
    else return bytes; // a coding undici does not decode: it hands the bytes over as they are
  }
  return out;
}

/**
 * undici's SocketError (not exported by Node's bundled undici): the cause of "fetch failed" when
 * the server closed the connection without an answer ("other side closed") or answered a bare
 * 1xx ("bad response"). Own enumerable keys in undici's order: name, code, socket.
 */
class SocketError extends Error {
  constructor(message, socket) {
    super(message);
    this.name = 'SocketError';
    this.code = 'UND_ERR_SOCKET';
    this.socket = socket;
  }
}

/**
 * The cause of a recorded network failure, as undici and Node's net and dns modules make it:
 * `connect ECODE address:port` (errno, code, syscall, address, port), a closed or bad answer
 * (SocketError, UND_ERR_SOCKET), a name that does not resolve (`getaddrinfo ENOTFOUND host`:
 * errno, code, syscall, hostname), a reset (`read ECONNRESET`); otherwise an Error with Node's
 * error code when the message names one. (The native host records curl's words for some of them.)
 */
function networkError(message) {
  const text = String(message);
  const connect = /^connect (E[A-Z]+) (.*):([0-9]+)$/.exec(text);
  if (connect) {
    const error = new Error(text);
    const errno = os.constants.errno[connect[1]];
    Object.assign(error, { errno: errno === undefined ? undefined : -errno, code: connect[1], syscall: 'connect', address: connect[2], port: Number(connect[3]) });
    return error;
  }
  if (text === 'other side closed' || text === 'Empty reply from server' || text === 'bad response') {
    const socket = { localAddress: undefined, localPort: undefined, remoteAddress: undefined, remotePort: undefined, remoteFamily: undefined, timeout: undefined, bytesWritten: undefined, bytesRead: undefined };
    return new SocketError(text === 'bad response' ? text : 'other side closed', socket);
  }
  const dns = /^getaddrinfo ENOTFOUND: Could not resolve host: (.+)$/.exec(text);
  if (dns) {
    // libuv's UV_EAI_NONAME, which Node's dns reports as ENOTFOUND.
    return Object.assign(new Error(`getaddrinfo ENOTFOUND ${dns[1]}`), { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: dns[1] });
  }
  const io = /^(read|write) (E[A-Z]+)$/.exec(text) || (/^Recv failure: Connection reset by peer$/.test(text) ? [text, 'read', 'ECONNRESET'] : null);
  if (io && os.constants.errno[io[2]] !== undefined) {
    return Object.assign(new Error(`${io[1]} ${io[2]}`), { errno: -os.constants.errno[io[2]], code: io[2], syscall: io[1] });
  }
  const error = new Error(text);
  const code = /\b(E[A-Z]{3,})\b/.exec(text);
  if (code) error.code = code[1];
  return error;
}

/**
 * An undici dispatcher that answers from a recorded chain instead of the network, so that the
 * Response (or the TypeError "fetch failed") is built by undici itself, exactly as for a real
 * request: type, url, redirected, status, statusText, headers, body stream (a body the network
 * cut short, `body_error`, fails as undici fails it: "terminated"). undici follows a
 * recorded 3xx by its own rules and asks this dispatcher again: each redirected request is
 * answered by the chain's next entry when it is the request the native side recorded (same url
 * and method), and goes to the network once the chain is used up (the native attempt stopped
 * there). A one-entry chain whose result's url differs from the request's (a record of a host
 * that followed the redirect itself) is answered with a redirect to that url first.
 */
/**
 * Runs `fn` from a callback of its own, as a socket's data or error event runs: the promise jobs
 * it starts then run with no JavaScript frame below them. (setImmediate would not do: Node runs
 * the immediates due in one turn from one call, and between two of them the previous one's jobs,
 * inside runNextTicks and processImmediate, whose frames then show in the stack of any error
 * created there: concurrent fallbacks answered such stacks unlike Node.js's.)
 */
function deliverAlone(fn) {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {
    port1.close();
    fn();
  };
  port2.postMessage(null);
}

/** Where Node's bundled undici keeps its global dispatcher (the Agent every plain fetch uses). */
const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

function recordedDispatcher(chain) {
  let at = 0;
  let synthetic = false;
  return {
    dispatch(options, handler) {
      const requestUrl = new URL(options.path, options.origin).href;
      const entry = chain[at];
      const matches =
        entry !== undefined &&
        (at === 0 || synthetic || (sameUrl(requestUrl, entry.call.url) && normalizeMethod(options.method) === normalizeMethod(entry.call.method)));
      if (!matches) {
        at = chain.length;
        const real = globalThis[UNDICI_GLOBAL_DISPATCHER];
        if (real !== undefined) return real.dispatch(options, handler);
      }
      const result = entry === undefined ? { error: 'the recorded response is missing' } : entry.result;
      deliverAlone(() => {
        try {
          if (typeof result.error === 'string' || typeof result.status !== 'number') {
            at++;
            handler.onError(networkError(result.error === undefined ? 'the recorded response is malformed' : result.error));
            return;
          }
          handler.onConnect(() => {});
          if (chain.length === 1 && !synthetic && typeof result.url === 'string' && !sameUrl(requestUrl, result.url)) {
            synthetic = true;
            handler.onHeaders(302, [Buffer.from('location'), Buffer.from(result.url, 'latin1')], () => {}, 'Found');
            handler.onComplete([]);
            return;
          }
          at++;
          const headers = Array.isArray(result.headers) ? result.headers : [];
          const raw = [];
          for (const [name, value] of headers) raw.push(Buffer.from(String(name), 'latin1'), Buffer.from(String(value), 'latin1'));
          handler.onHeaders(result.status, raw, () => {}, typeof result.statusText === 'string' ? result.statusText : '');
          const bytes = Buffer.from(typeof result.body_b64 === 'string' ? result.body_b64 : '', 'base64');
          if (bytes.length > 0) handler.onData(encodedBody(bytes, headers));
          if (typeof result.body_error === 'string') {
            // The head came whole, then the connection died (docs/handler-abi.md section 4): the
            // socket's error comes in an event of its own, after fetch has resolved with the
            // Response, and undici fails the body with TypeError "terminated" caused by it.
            const cause = networkError(result.body_error);
            deliverAlone(() => handler.onError(cause));
            return;
          }
          handler.onComplete([]);
        } catch (error) {
          handler.onError(error);
        }
      });
      return true;
    },
  };
}

/**
 * Installs the wrappers, once, before anything captures the built-ins (the tracer's identity
 * table in proxy/trace/builtins.js is built from what globalThis holds when it loads). Each keeps
 * the original's name, length, constructibility and property attributes, and calls the original
 * when no replay is active.
 */
function installReplay() {
  if (originals) return;
  originals = { fetch: globalThis.fetch, now: Date.now, random: Math.random };
  const realFetch = originals.fetch;
  const realNow = originals.now;
  const realRandom = originals.random;
  // undici creates its global dispatcher at the first fetch; a data: URL makes it exist without
  // any I/O, so a replayed redirect can always be followed through it.
  realFetch('data:,').then((response) => response.arrayBuffer()).catch(() => {});

  // A plain function, as undici's fetch is (same parameter list, so the same length).
  const fetch = function fetch(input, init = undefined) {
    const state = storage.getStore();
    if (state === undefined) return Reflect.apply(realFetch, this, arguments);
    let chain;
    try {
      chain = matchFetch(state, input, init);
    } catch {
      // An init whose getters throw: no recorded call is like it; undici rejects it itself.
      state.fetchReplay = false;
    }
    // undici's own clock readings (its timers) must not take the action's recorded values: it
    // runs outside the replay, and its timers made now never carry the replay either.
    if (chain === undefined) return storage.exit(() => Reflect.apply(realFetch, this, arguments));
    return storage.exit(() => realFetch(input, { ...(init || {}), dispatcher: recordedDispatcher(chain) }));
  };
  // Methods, as Date.now and Math.random are (no prototype, not constructible).
  const wrappers = {
    now() {
      const state = storage.getStore();
      if (state !== undefined && state.nowAt < state.nows.length) return state.nows[state.nowAt++];
      return realNow();
    },
    random() {
      const state = storage.getStore();
      if (state !== undefined && state.randomAt < state.randoms.length) return state.randoms[state.randomAt++];
      return realRandom();
    },
  };
  const replace = (object, key, value) => {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    Object.defineProperty(object, key, { ...descriptor, value });
  };
  if (typeof realFetch === 'function') replace(globalThis, 'fetch', fetch);
  replace(Date, 'now', wrappers.now);
  replace(Math, 'random', wrappers.random);
  replaceDate(wrappers.now);
}

/**
 * `new Date()` and `Date()` read the clock without Date.now, yet native code takes that reading
 * as a `now` effect (compiler/runtime/src/date.rs): Date becomes a function of the same name and
 * length whose calls without arguments take the time from `now` (the replayed value during a
 * replay), and which is Date in every other way: the same prototype (whose `constructor` names
 * it, so `d.constructor === Date`), the same statics (Date.now being the wrapper above), instanceof
 * and subclassing. A plain function, not a Proxy: the tracer reads a built-in's identity through
 * property descriptors and takes nothing behind a Proxy for a built-in (Date.now would be opaque).
 */
function replaceDate(now) {
  const RealDate = Date;
  const replayed = () => (storage.getStore() === undefined ? undefined : now());
  const WrappedDate = function Date(...args) {
    if (new.target === undefined) {
      const t = replayed();
      return t === undefined ? RealDate() : new RealDate(t).toString();
    }
    if (args.length === 0) {
      const t = replayed();
      if (t !== undefined) return Reflect.construct(RealDate, [t], new.target);
    }
    return Reflect.construct(RealDate, args, new.target);
  };
  for (const key of Reflect.ownKeys(RealDate)) {
    if (key === 'name') continue;
    Object.defineProperty(WrappedDate, key, Object.getOwnPropertyDescriptor(RealDate, key));
  }
  const global = Object.getOwnPropertyDescriptor(globalThis, 'Date');
  Object.defineProperty(globalThis, 'Date', { ...global, value: WrappedDate });
  const ctor = Object.getOwnPropertyDescriptor(RealDate.prototype, 'constructor');
  Object.defineProperty(RealDate.prototype, 'constructor', { ...ctor, value: WrappedDate });
}

/**
 * Runs `fn` as one activation replaying `recordText` (the abort record's JSON text); without a
 * record, or one with nothing to replay, just runs it. A record that is not JSON is no replay.
 * `fn` is called from one place whatever the record, and its promise awaited by one async function
 * in every case, so that the activation's error stacks read the same in every engine path (plain,
 * traced, fallback with replay): one `awaitActivation` frame, then the caller's. (A `.then` of our
 * own on that promise would give it a second reaction, and V8's async stack trace stops at a
 * promise with two: the caller's frame went missing after a fallback.) enterWith and the restore
 * below are what run() does. The replay lasts until the promise `fn`
 * returns settles; then, if no other replay is in flight, the storage is disabled (what the
 * activation left behind, a timer say, sees real values).
 */
function runWithRecord(recordText, fn) {
  const state = recordState(recordText);
  const replayed = state !== undefined;
  const previous = replayed ? storage.getStore() : undefined;
  if (replayed) {
    storage.enterWith(state);
    replaying++;
  }
  let result;
  try {
    result = fn();
  } catch (error) {
    if (replayed) {
      storage.enterWith(previous);
      endReplay();
    }
    throw error;
  }
  if (replayed) storage.enterWith(previous);
  return awaitActivation(result, replayed);
}

/** Awaits the activation's promise (its one awaiter: see runWithRecord), then ends its replay. */
async function awaitActivation(result, replayed) {
  try {
    return await result;
  } finally {
    if (replayed) endReplay();
  }
}

function endReplay() {
  if (--replaying === 0) storage.disable();
}

/** The replay state of an abort record's text, undefined when there is nothing to replay. */
function recordState(recordText) {
  if (!originals || typeof recordText !== 'string' || recordText === '') return undefined;
  try {
    return replayState(JSON.parse(recordText));
  } catch {
    return undefined;
  }
}

module.exports = { installReplay, runWithRecord, replayState };
