// Differential (regression of G10): a response whose body the network cuts short after a whole head (a close or a reset): Node's fetch resolves, so an action that reads only ok/status is answered natively alike, and a body read fails ("terminated") and is replayed with undici's cause.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { cuttingServer: cutting } = require('../lib/cutting-server');
const { differential, explain } = require('./harness');

test('differential: cut-body', async (t) => {
  const cut = await cutting();
  try {
    const inputs = [
      { args: { url: cut.url('/close') }, native: true }, // only the head: native, as Node's fetch resolves
      { args: { url: cut.url('/reset') }, native: true },
      { args: { url: '/users/3' }, native: true },
      { args: { url: cut.url('/close'), read: true } }, // the read fails: the fallback replays it
      { args: { url: cut.url('/reset'), read: true } },
      { args: { url: '/users/4', read: true }, native: true },
    ];
    // (A cut response in training too: the action's absolute-URL path is traced.)
    const train = [{ url: cut.url('/close') }, { url: '/users/2', read: true }, { url: '/users/1', read: true }];
    // No rerun after a recompile: each input is sent once to each server, so the scratch server
    // counts exactly two requests per input (a fallback must not send its request again).
    const { diffs, counts } = await differential(t, 'cut-body', { train, inputs, recompile: false });
    assert.equal(diffs.length, 0, `${diffs.length} difference(s) between node and auto:\n${explain(diffs)}`);
    assert.ok(counts.native > 0, 'no activation was answered natively');
    assert.equal(cut.requests, 2 * [...train, ...inputs.map((i) => i.args)].filter((a) => a.url.startsWith('http')).length);
  } finally {
    cut.close();
  }
});
