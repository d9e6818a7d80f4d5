// Differential: h13-ow-context, a native path between Node.js activations that read process.env.__OW_*, with /run bodies whose context fields come and go (finding H13-5: the fields of native activations reach the engine's process.env).
'use strict';
const { diffTest } = require('./harness');

const O = (id, lines, priority) => ({ id, lines: lines.map(([qty, weight]) => ({ qty, weight })), priority });
// The context fields of an input's /run body: `n` numbers the activation; `key`/`tenant`/`ns` are
// sent only when the input names them (a field a body lacks keeps its last value in Node.js).
const context = (args) => ({
  activation_id: `act-${args.n}`,
  transaction_id: `tx-${args.n}`,
  action_name: '/guest/scorer',
  ...(args.ns ? { namespace: args.ns } : {}),
  ...(args.key ? { api_key: args.key } : {}),
  ...(args.tenant ? { tenant: args.tenant } : {}),
});
const train = [
  { n: 1, ns: 'guest', key: 'abc:123', orders: [O('a', [[1, 2]]), O('b', [[3, 1]], true), O('b2', [[1, 1]]), { id: 'b3' }] },
  { n: 2, ns: 'guest', orders: [{ id: 'x', lines: [{ qty: 2 }, { weight: 3 }] }] },
  { n: 3, key: 'def:456', orders: [O('c', [[2, 2], [1, 5]]), O('c2', [[9, 9]], true)] },
];
const inputs = [
  { args: { n: 4, ns: 'team', key: 'ghi:789', tenant: 'acme', orders: [O('d', [[1, 1]]), O('e', [[5, 0.5]], true)] }, native: true },
  { args: { n: 5, debug: true, orders: [O('f', [[2, 2]])] } },
  { args: { n: 6, tenant: 'globex', orders: [O('g', [[1, 9]])] }, native: true },
  { args: { n: 7, key: 'jkl:000', orders: [] } },
  { args: { n: 8, debug: true } },
  { args: { n: 9, ns: 'ünï', key: 'mno:111', tenant: 'initech', orders: [O('h', [[1, 1]])] }, native: true },
  { args: { n: 10, ns: 'guest', orders: [O('i', [[3, 3]]), O('j', [[9, 1]])] }, native: true },
  { args: { n: 11, debug: true, tenant: 'umbrella', orders: [O('k', [[1, 1]], true)] } },
  { args: { n: 12, orders: [O('l', [[0, 0]])] }, native: true },
  { args: { n: 13, debug: true } },
];
diffTest('h13-ow-context', { train, inputs, context });
