// Unit tests of proxy/server.js: parseBody (body-parser's strict JSON), routeOf (Express-style routing), the body limit, the fallback framing and the native activations' environment header.
'use strict';

const assert = require('node:assert/strict');
const http = require('node:http');
const { describe, test } = require('node:test');
const { createServer, parseBody, parseNativeEnv, routeOf, DEFAULT_BODY_LIMIT } = require('./server');

describe('parseBody', () => {
  test('an empty body is {}', () => {
    assert.deepEqual(parseBody(Buffer.alloc(0)), {});
  });

  test('JSON objects and arrays, with leading JSON whitespace', () => {
    assert.deepEqual(parseBody(Buffer.from('{"value":{"a":[1,2]}}')), { value: { a: [1, 2] } });
    assert.deepEqual(parseBody(Buffer.from('[1,{"b":null}]')), [1, { b: null }]);
    assert.deepEqual(parseBody(Buffer.from(' \t\r\n{"a":1} \n')), { a: 1 });
  });

  test('decodes UTF-8, including characters split across chunks', () => {
    const bytes = Buffer.from('{"s":"❄ ☃ 😀"}', 'utf8');
    const parts = [bytes.subarray(0, 8), bytes.subarray(8)]; // cuts inside "❄"
    assert.deepEqual(parseBody(Buffer.concat(parts)), { s: '❄ ☃ 😀' });
  });

  test('a UTF-8 byte-order mark is dropped, as body-parser does', () => {
    assert.deepStrictEqual(parseBody(Buffer.from('\ufeff{"a":1}', 'utf8')), { a: 1 });
    assert.strictEqual(parseBody(Buffer.from('\ufeff\ufeff{}', 'utf8')), undefined);
  });

  test('strict: top-level values other than objects and arrays are refused', () => {
    for (const text of ['"text"', '42', 'true', 'null', ' "x"']) {
      assert.equal(parseBody(Buffer.from(text)), undefined, text);
    }
  });

  test('malformed JSON is refused', () => {
    for (const text of ['{', '{"value":', '{"a":1,}', "{'a':1}", 'not json', '{} {}', '\u000b{}']) {
      assert.equal(parseBody(Buffer.from(text)), undefined, JSON.stringify(text));
    }
  });
});

describe('routeOf', () => {
  test('POST /init and POST /run', () => {
    assert.equal(routeOf('POST', '/init'), 'init');
    assert.equal(routeOf('POST', '/run'), 'run');
  });

  test('matches as Express does: any case, one trailing slash, a query string', () => {
    assert.equal(routeOf('POST', '/INIT'), 'init');
    assert.equal(routeOf('POST', '/Run'), 'run');
    assert.equal(routeOf('POST', '/init/'), 'init');
    assert.equal(routeOf('POST', '/run?blocking=true'), 'run');
    assert.equal(routeOf('POST', '/run/?x=1'), 'run');
  });

  test('anything else is no route', () => {
    for (const [method, url] of [
      ['GET', '/init'],
      ['GET', '/run'],
      ['PUT', '/run'],
      ['HEAD', '/init'],
      ['POST', '/'],
      ['POST', '/initx'],
      ['POST', '/run/extra'],
      ['POST', '/init//'],
      ['POST', '//run'],
      ['POST', ''],
    ]) {
      assert.equal(routeOf(method, url), undefined, `${method} ${url}`);
    }
  });
});

describe('createServer body limit', () => {
  const LIMIT = 1024;

  /** A server with a small limit in front of a service that echoes /run bodies. */
  async function withServer(fn) {
    const service = {
      init: async () => ({ status: 200, body: { OK: true } }),
      run: async (body) => ({ status: 200, body: { got: body } }),
    };
    const server = createServer(service, { bodyLimit: LIMIT });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fn(server.address().port);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  /** POSTs `body` (a Buffer, or an array of Buffers sent chunked); resolves to {status, json, headers}. */
  function post(port, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const chunked = Array.isArray(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/run',
          agent: false,
          headers: chunked ? headers : { 'Content-Length': body.length, ...headers },
        },
        (res) => {
          const parts = [];
          res.on('data', (c) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, json: JSON.parse(Buffer.concat(parts)) }));
        }
      );
      req.on('error', reject);
      if (chunked) {
        for (const chunk of body) req.write(chunk);
        req.end();
      } else {
        req.end(body);
      }
    });
  }

  function jsonOfSize(size) {
    const body = Buffer.alloc(size, 'x');
    body.write('{"value":"', 0, 'latin1');
    body.write('"}', size - 2, 'latin1');
    return body;
  }

  test('the default is the stock runtime\'s 48 MiB', () => {
    assert.equal(DEFAULT_BODY_LIMIT, 48 * 1024 * 1024);
  });

  test('a body of exactly the limit is accepted', async () => {
    await withServer(async (port) => {
      const r = await post(port, jsonOfSize(LIMIT));
      assert.equal(r.status, 200);
      assert.equal(r.json.got.value.length, LIMIT - '{"value":""}'.length);
    });
  });

  test('a body over the limit is answered, not reset, even when the client asks to close', async () => {
    await withServer(async (port) => {
      const big = jsonOfSize(64 * LIMIT);
      for (const headers of [{}, { Connection: 'close' }]) {
        const r = await post(port, big, headers);
        assert.equal(r.status, 413);
        assert.match(r.json.error, /limit/);
        assert.equal(r.headers['content-length'], String(Buffer.byteLength(JSON.stringify(r.json))));
      }
      // Chunked, so the server only learns the size while reading.
      const chunks = [];
      for (let i = 0; i < big.length; i += 100) chunks.push(big.subarray(i, i + 100));
      const r = await post(port, chunks, { Connection: 'close' });
      assert.equal(r.status, 413);
      // And the server goes on.
      const ok = await post(port, Buffer.from('{"value":{"a":1}}'));
      assert.deepEqual(ok.json, { got: { value: { a: 1 } } });
    });
  });
});

describe('fallback framing (X-Containerless-Fallback-Length)', () => {
  /** A server around a stub service that records what run() got; resolves to {port, calls, close}. */
  async function stubServer(options) {
    const calls = [];
    const service = {
      init: async () => ({ status: 200, body: { OK: true } }),
      run: async (body, opts) => {
        calls.push({ body, fallback: opts && opts.fallback });
        return { status: 200, body: { ran: true } };
      },
    };
    const server = createServer(service, options);
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    return { port: server.address().port, calls, close: () => server.close() };
  }

  function post(port, headers, payload) {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/run', headers: { 'Content-Length': payload.length, ...headers } }, (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(parts).toString()) }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  test('the runtime engine splits the record off the body, whatever its size', async () => {
    const s = await stubServer({ runtimeEngine: true, bodyLimit: 1024 });
    try {
      const record = JSON.stringify({ reason: 'untraced', effects: [{ now: 1 }], detail: 'x'.repeat(5000) });
      const body = '{"value":{"a":1}}';
      const r = await post(s.port, { 'X-Containerless-Fallback-Length': String(Buffer.byteLength(record)) }, Buffer.from(record + body));
      assert.equal(r.status, 200);
      assert.deepEqual(s.calls, [{ body: { value: { a: 1 } }, fallback: record }]);
      // A length beyond the body is malformed framing.
      const bad = await post(s.port, { 'X-Containerless-Fallback-Length': '99' }, Buffer.from('{}'));
      assert.deepEqual(bad, { status: 500, body: { error: 'Bad request.' } });
      // Still, the body itself is held to the limit.
      const big = await post(s.port, { 'X-Containerless-Fallback-Length': '2' }, Buffer.from(`{}${JSON.stringify({ value: 'y'.repeat(2000) })}`));
      assert.equal(big.status, 413);
    } finally {
      s.close();
    }
  });

  test('a public engine ignores the header (the body is the body)', async () => {
    const s = await stubServer({});
    try {
      const r = await post(s.port, { 'X-Containerless-Fallback-Length': '2' }, Buffer.from('{}{"value":{}}'));
      assert.deepEqual(r, { status: 500, body: { error: 'Bad request.' } });
      const ok = await post(s.port, { 'X-Containerless-Fallback-Length': '0' }, Buffer.from('{"value":{}}'));
      assert.equal(ok.status, 200);
      assert.deepEqual(s.calls, [{ body: { value: {} }, fallback: undefined }]);
    } finally {
      s.close();
    }
  });
});

describe('native activations\' environment (X-Containerless-Env)', () => {
  test('parseNativeEnv: string fields of a JSON object; anything else is no header', () => {
    assert.deepEqual(parseNativeEnv('{"api_key":"k","extra":"caf\\u00e9","n":3,"o":{}}'), [
      ['api_key', 'k'],
      ['extra', 'café'],
    ]);
    for (const h of [undefined, '', 'not json', '[1]', 'null', '"s"']) assert.equal(parseNativeEnv(h), undefined, String(h));
  });

  /** A server around a stub service recording run()'s nativeEnv option. */
  async function withStub(options, fn) {
    const calls = [];
    const service = {
      init: async () => ({ status: 200, body: { OK: true } }),
      run: async (body, opts) => {
        calls.push(opts.nativeEnv);
        return { status: 200, body: {} };
      },
    };
    const server = createServer(service, options);
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      await fn(server.address().port, calls);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }

  const postRun = (port, headers) =>
    new Promise((resolve, reject) => {
      const body = Buffer.from('{"value":{}}');
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/run', agent: false, headers: { 'Content-Length': body.length, ...headers } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });

  test('read only by the engine of the native runtime', async () => {
    const header = { 'X-Containerless-Env': '{"activation_id":"a7"}' };
    await withStub({ runtimeEngine: true }, async (port, calls) => {
      await postRun(port, header);
      await postRun(port, {});
      assert.deepEqual(calls, [[['activation_id', 'a7']], undefined]);
    });
    await withStub({}, async (port, calls) => {
      await postRun(port, header);
      assert.deepEqual(calls, [undefined]);
    });
  });
});
