// Differential: failures signalled the documented ways (docs/actions.md, actions-nodejs.md): {error} results, rejections of every JSON type, Error objects, as a setTimeout promise and as an async function.
'use strict';
const { diffTest } = require('./harness');

const VALUES = ['x', 5, null, [1, 'a'], { m: 'ü' }, true, '', 1e21, { error: 'inner' }];
const inputs = [];
for (const how of ['resolve-error', 'reject', 'reject-error', 'reject-new-error', 'ok']) {
  for (const value of VALUES) inputs.push({ how, value });
  inputs.push({ how });
}
const train = [{ how: 'ok', value: 1 }, { how: 'resolve-error', value: 'e' }, { how: 'reject', value: 'r' }, { how: 'reject-error', value: 'r2' }];

// Not asserted native: `new Promise` is not supported natively (ow-reject is demoted), and the async
// variant's throws abort ("throw"), so ten in a row demote it too; asserted: every answer and log agrees.
diffTest('ow-reject', { train, inputs: inputs.map((args) => ({ args })), nativeExpected: null }, 'differential: ow-reject (setTimeout promise)');
diffTest('ow-reject-async', { train, inputs: inputs.map((args) => ({ args })), nativeExpected: null }, 'differential: ow-reject-async (async function)');
