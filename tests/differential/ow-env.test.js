// Differential: the activation's environment (catalog utils/hosturl and namespace, the runtime tests' testEnv): __OW_ variables from the /run body's context fields, missing, empty, unicode and non-string.
'use strict';
const { diffTest } = require('./harness');

// The /run body's context fields for an input: `ns`/`host` override the namespace and api_host (hosturl); `ctx` replaces them all (env).
const hosturlContext = (a) => ({ namespace: a.ns === undefined ? 'guest' : a.ns, api_host: a.host === undefined ? 'https://ow.example' : a.host, activation_id: 'a1', action_name: '/guest/hosturl', deadline: 9999999999999 });
const envContext = (a) => a.ctx || { namespace: 'guest', api_host: 'https://ow.example', api_key: 'k:s', action_name: '/guest/env', action_version: '0.0.1', activation_id: 'abc123', deadline: 9999999999999 };

const hosturl = {
  train: [{ path: 'hello' }, { path: 'pkg/hello', web: true }, { trigger: true, path: 't1' }],
  inputs: [
    { path: 'hello' }, {}, { web: true }, { web: true, path: 'x', ext: '.html' }, { web: true, ext: '.xml', path: 'x' }, { web: true, trigger: true }, { trigger: true, path: 'p/t' },
    { trigger: true }, { trigger: 'yes', path: 't' }, { web: 'true', path: 'x' }, { path: 5 }, { path: '' }, { path: 'ü/☃' }, { path: 'hello', ns: 'ünï' }, { path: 'hello', host: '' },
    { path: ['a', 'b'] }, { web: true, path: 'a/b', ext: '' }, { web: true, path: 'x', ext: 0 }, { trigger: 1, path: 'p' }, { path: 'hello', ns: '' }, { web: true, path: null },
  ],
};
const env = {
  train: [{ i: 1 }, { i: 2 }, { i: 3 }],
  inputs: [
    { i: 1 }, { ctx: {} }, { ctx: { namespace: 'ünï☃', activation_id: '' } }, { ctx: { namespace: 5, deadline: 1.5 } }, { ctx: { namespace: null, api_key: true } }, { ctx: { action_name: ['a'], api_host: { h: 1 } } },
    { ctx: { deadline: '1e21', activation_id: 1e21 } }, { ctx: { namespace: 'ns', extra_field: 'x', transaction_id: 't' } }, { ctx: { namespace: -0 } },
  ],
};

// `process` is not supported by native code today (every activation aborts "the global process" and
// the action is demoted): whether an input is native is not asserted, only that the answers agree.
diffTest('ow-hosturl', { train: hosturl.train, inputs: hosturl.inputs.map((args) => ({ args })), context: hosturlContext, nativeExpected: null }, 'differential: ow-hosturl (catalog utils/hosturl, __OW_API_HOST and __OW_NAMESPACE)');
diffTest('ow-env', { train: env.train, inputs: env.inputs.map((args) => ({ args })), context: envContext, nativeExpected: null }, 'differential: ow-env (runtime tests testEnv: every __OW_ variable, odd context values)');
