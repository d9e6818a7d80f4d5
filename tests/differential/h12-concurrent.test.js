// Differential bursts (__OW_ALLOW_CONCURRENT=true) of helper E's H12 actions: native and fallback activations overlapping, compared with Node.js as multisets (helper E's H12 hunt).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { concurrentDifferential } = require('./harness');

const code = (name) => fs.readFileSync(path.join(__dirname, 'actions', `${name}.js`), 'utf8');
const c = (p, extra = {}) => ({ id: 1, path: p, ...extra });

test('concurrent differential: h12-api-client (POST bodies, redirects, failing backends) and h12-text-case bursts', async (t) => {
  await concurrentDifferential(t, {
    label: 'h12-api-client',
    code: code('h12-api-client'),
    train: [
      { calls: [c('/users/1'), c('/echo', { method: 'POST', json: { a: 1 } })] },
      { calls: [c('/text', { query: { q: 'x y' } }), c('/users/2', { token: 't' })] },
      { calls: [c('/echo', { method: 'PUT', text: 'plain body' }), c('/users/99')], strict: true },
    ],
    inputs: [
      { calls: [c('/users/1'), c('/echo', { method: 'POST', json: { a: 1 } })] },
      { calls: [c('/echo', { method: 'POST', json: { s: 'ünï😀', n: -0, big: 1e21 } })] },
      { calls: [c('/echo', { method: 'DELETE' })] },
      { calls: [c('/text', { query: { q: 'a&b=c', 'ü k': '/?#[]' } })] },
      { calls: [c('/text', { query: { q: '\ud800' } })] },
      { calls: [c('/users/busy'), c('/users/boom')] },
      { calls: [c('/users/busy')], strict: true },
      { calls: [c('/orders/bad')] },
      { calls: [c('/redirect', { method: 'POST', json: { r: 1 }, query: { code: 307, to: '/echo' } })] },
      { calls: [c('/redirect', { query: { to: 'other-origin' }, token: 'secret' })] },
      { calls: [c('/gzip', { query: { q: 'z' } }), c('/bom')] },
      { calls: [c('/users/1', { method: 'HEAD' })] },
      { calls: [c('/drop')] },
      { calls: [c('/big', { query: { n: 500 } })] },
    ],
    rounds: 2,
    minNative: 1,
  });
  await concurrentDifferential(t, {
    label: 'h12-text-case',
    code: code('h12-text-case'),
    train: [{ name: 'Ada Lovelace' }, { name: 'zoë ünal', width: 14, fill: '-' }, { name: 'Grace B. Hopper', sep: '.', limit: 2 }],
    inputs: [
      { name: 'Ada Lovelace' }, { name: 'straße' }, { name: 'İstanbul' }, { name: 'ΣΊΣΥΦΟΣ' }, { name: 'ﬁre ﬂy' }, { name: '😀 smile' },
      { name: 'a😀', width: 5, fill: '😀' }, { name: 'abc', sep: '', limit: 2 }, { name: '\ud83d' }, { name: 'ა ბ' }, { name: 'x'.repeat(3000), times: 2 },
      { name: 'ǅungla' }, { name: 'a,b,,c', sep: ',', limit: 4294967297 },
    ],
    rounds: 2,
    minNative: 1,
  });
});
