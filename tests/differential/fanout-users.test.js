// Differential: Promise.all over async helper calls (the fan-out of fetch actions), native where traced; replies, logs and backend requests (order, headers, bodies) as in Node.js.
'use strict';
const { diffTest } = require('./harness');

const A = (args, native) => ({ args, native });
// getUser and getOrders run whole at their call natively (proxy/trace/async-calls.js: nothing
// after their first await is seen outside them), so the requests leave in the order Node.js
// sends them. The traced paths (ids of existing users, orders found) must answer natively; a
// 500 or a body that is not JSON throws in Node.js (the native attempt aborts and falls back), as
// does getUserChecked for a first id that is not a user.
const inputs = [
  A({ ids: [1, 2, 3] }, true),
  A({ ids: [2, 42] }, true),
  A({ ids: [3] }, true),
  A({ ids: [42, 1, 2, 3] }, true),
  A({ ids: [1, 9] }),
  A({ ids: ['boom', 1] }),
  A({ ids: [] }),
  A({}),
  A({ ids: ['bad', 2] }),
  A({ ids: [2, 'busy'] }),
];
diffTest('fanout-users', { train: [{ ids: [1, 2] }, { ids: [3, 42, 1] }, { ids: [2] }], inputs });
