// Differential: h13-retry-backoff, fetches retried after a promise-and-timer sleep; failures, retries and the flaky endpoint fall back with the attempts already made replayed, never sent twice (helper E's H13 hunt).
'use strict';
const { diffTest } = require('./harness');

const train = [{ ids: [1, 2] }, { ids: [3], key: 'ab' }, { ids: ['busy'], tries: 2 }];
const inputs = [
  { args: { ids: [42, 1] }, native: true },
  { args: { ids: ['boom'] } },
  { args: { ids: ['busy', 2], tries: 3 } },
  { args: { ids: [9] } },
  { args: { key: 'abc' } },
  { args: { key: 'é' } },
  { args: { ids: [1, 'boom', 3] } },
  { args: { ids: [2, 3] }, native: true },
];
diffTest('h13-retry-backoff', { train, inputs });
