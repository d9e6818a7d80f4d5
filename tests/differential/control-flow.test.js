// Differential: control-flow (labelled break/continue across nested loops, switch fallthrough, try/finally, do/while, early returns).
'use strict';
const { diffTest } = require('./harness');

const t = (kind, id, vip) => ({ kind, id, vip });
const spec = {
  train: [
    { queues: [[t('question', 1), t('bug', 2)], [t('outage', 3)]], threshold: 60, budget: 10 },
    { queues: [[t('spam', 4), null, t('bug', 5)], [t('question', 6, true)]], threshold: 100, budget: 10 },
    { queues: [[t('other', 7)]], threshold: 5, budget: 1, strict: true },
  ],
  inputs: [
    { queues: [[t('question', 1), t('bug', 2)], [t('outage', 3)]], threshold: 60, budget: 10 }, { queues: [], threshold: 1, budget: 1 }, { queues: [[]], threshold: 1, budget: 1, strict: true },
    { queues: [[t('spam', 1), t('spam', 2)]], threshold: 1, budget: 5 }, { queues: [[null], [null, t('bug', 1)]], threshold: 10, budget: 5 }, { queues: [[t('outage', 1, true)]], threshold: 175, budget: 5 },
    { queues: [[t('outage', 1, true)]], threshold: 176, budget: 5 }, { queues: [[t('bug', 1), t('bug', 2), t('bug', 3), t('bug', 4)]], threshold: 100, budget: 3 }, { queues: [[t('bug', 1)]], threshold: 0, budget: 0 },
    { queues: [[t('question', 1)]], threshold: '5', budget: 2 }, { queues: [[t('question', 1)]], threshold: 5, budget: '2' }, { queues: [[t(5, 1)]], threshold: 1, budget: 2 },
    { queues: [[t('bug', 1, 'yes')]], threshold: 200, budget: 2 }, { queues: [[{}]], threshold: 1, budget: 2 }, { queues: [[t('bug', 1)]], threshold: NaN, budget: 2 }, { queues: [[t('bug', 1)]], threshold: 1 },
    { queues: [[t('bug', 1)], 'abc'], threshold: 100, budget: 9 }, { queues: 'q', threshold: 1, budget: 1 }, { queues: [[t('Outage', 1)]], threshold: 1, budget: 1 }, {},
    { queues: [[t('bug', 1), null, t('outage', 2)], [t('question', 3), t('outage', 4, true)]], threshold: 150, budget: 100 }, { queues: [[t('bug', 1)]], threshold: -1e21, budget: 1e21 },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,0,0,0,1,0,1,1,0,1,1,0,1,0,1,0,1,1,0,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('control-flow', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
