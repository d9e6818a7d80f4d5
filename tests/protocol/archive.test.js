// Protocol section 2 for binary actions: zip and tar.gz archives built at run time, their entry points, node_modules and /init errors.
'use strict';

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const { REPO, SENTINEL, assertSentinelPairs, makeTarGz, makeZip, startServer } = require('./harness');

const INIT_FAILED = 'Initialization has failed due to: ';

// What every archived entry point below returns: where it runs from and what it can require.
const REPORT = `function report(from, args) {
  return {
    from,
    args,
    dirname: __dirname,
    cwd: process.cwd(),
    files: require('fs').readdirSync(process.cwd()).sort(),
    openwhisk: typeof require('openwhisk'),
  };
}`;

/** Starts a server, initialises it with `code` (base64) as a binary action, runs it once; returns the result. */
async function runArchive(code, main = 'main') {
  const server = await startServer();
  await server.initOk({ name: 'archived', main, binary: true, code });
  const r = await server.run({ x: 1 });
  assert.equal(r.status, 200, r.text);
  const logs = await server.stop();
  assert.equal(logs.stdout, `${SENTINEL}\n`, 'one sentinel pair, none after /init');
  assert.equal(logs.stderr, `${SENTINEL}\n`, 'one sentinel pair, none after /init');
  return r.json;
}

/** The checks every archive action shares: a fresh working directory that is the code's __dirname. */
function assertRanFromArchive(result, files) {
  assert.deepEqual(result.args, { x: 1 });
  assert.equal(result.dirname, result.cwd, '__dirname equals the working directory');
  assert.notEqual(result.cwd, REPO);
  assert.deepEqual(result.files, [...files].sort(), 'the working directory is the extracted archive');
  assert.equal(result.openwhisk, 'function', "require('openwhisk') without bundling it");
}

describe('archive actions', { concurrency: true }, () => {
  test('zip with index.js', async () => {
    const code = await makeZip({ 'index.js': `${REPORT}\nexports.main = (args) => report('index.js', args);` });
    const result = await runArchive(code);
    assert.equal(result.from, 'index.js');
    assertRanFromArchive(result, ['index.js']);
  });

  test('zip with index.js and a non-default entry point name', async () => {
    const code = await makeZip({ 'index.js': `${REPORT}\nexports.niam = (args) => report('niam', args);` });
    const result = await runArchive(code, 'niam');
    assert.equal(result.from, 'niam');
    assertRanFromArchive(result, ['index.js']);
  });

  test('zip with package.json whose main points at another file', async () => {
    const code = await makeZip({
      'package.json': JSON.stringify({ name: 'action', version: '1.0.0', main: 'lib/handler.js' }),
      'lib/handler.js': `${REPORT}\nmodule.exports.main = (args) => report('lib/handler.js', args);`,
      // Present but not the package's main: must not be used.
      'index.js': `exports.main = () => ({ from: 'index.js (wrong)' });`,
    });
    const result = await runArchive(code);
    assert.equal(result.from, 'lib/handler.js');
    assert.equal(result.dirname, `${result.cwd}/lib`);
    assert.deepEqual(result.files, ['index.js', 'lib', 'package.json']);
    assert.equal(result.openwhisk, 'function');
  });

  test('main "a.b" is require(dir/a).b', async () => {
    // Neither package.json nor index.js: not needed when main names the file.
    const code = await makeZip({ 'handlers.js': `${REPORT}\nexports.ping = (args) => report('handlers.ping', args);` });
    const result = await runArchive(code, 'handlers.ping');
    assert.equal(result.from, 'handlers.ping');
    assertRanFromArchive(result, ['handlers.js']);
  });

  test('main "a.b.c" is require(dir/a).b.c', async () => {
    const code = await makeZip({
      'handlers.js': `${REPORT}\nexports.nested = { pong: (args) => report('handlers.nested.pong', args) };`,
    });
    const result = await runArchive(code, 'handlers.nested.pong');
    assert.equal(result.from, 'handlers.nested.pong');
    assertRanFromArchive(result, ['handlers.js']);
  });

  test('tar.gz with index.js', async () => {
    const code = await makeTarGz({
      'index.js': `${REPORT}\nconst helper = require('./lib/helper');\nexports.main = (args) => report(helper(), args);`,
      'lib/helper.js': `module.exports = () => 'tar.gz helper';`,
    });
    const result = await runArchive(code);
    assert.equal(result.from, 'tar.gz helper');
    assertRanFromArchive(result, ['index.js', 'lib']);
  });

  test('bundled node_modules are found by the action and by each other', async () => {
    const code = await makeZip({
      'index.js': `${REPORT}\nconst greet = require('greeter');\nexports.main = (args) => report(greet('world'), args);`,
      'node_modules/greeter/package.json': JSON.stringify({ name: 'greeter', version: '1.0.0', main: 'greet.js' }),
      'node_modules/greeter/greet.js': `const shout = require('shout');\nmodule.exports = (who) => shout('hello ' + who);`,
      'node_modules/shout/index.js': `module.exports = (s) => s.toUpperCase() + '!';`,
    });
    const result = await runArchive(code);
    assert.equal(result.from, 'HELLO WORLD!');
    assertRanFromArchive(result, ['index.js', 'node_modules']);
  });
});

describe('archive /init errors: 502 and one sentinel pair', { concurrency: true }, () => {
  async function failingArchive(code, main = 'main') {
    const server = await startServer();
    const r = await server.init({ name: 'bad', main, binary: true, code });
    assert.equal(r.status, 502, r.text);
    assert.equal(typeof r.json.error, 'string');
    assert.ok(r.json.error.startsWith(INIT_FAILED), r.json.error);
    const run = await server.run({});
    assert.equal(run.status, 403);
    assert.deepEqual(run.json, { error: 'System not initialized.' });
    assertSentinelPairs(await server.stop(), 1);
    return r.json.error;
  }

  test('bytes that are neither zip nor tar.gz', async () => {
    const error = await failingArchive(Buffer.from('this is not an archive at all').toString('base64'));
    assert.match(error, /uncompressing/);
  });

  test('a corrupt zip', async () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0x41)]);
    assert.match(await failingArchive(bytes.toString('base64')), /uncompressing/);
  });

  test('a truncated zip', async () => {
    const zip = Buffer.from(await makeZip({ 'index.js': 'exports.main = () => ({});' }), 'base64');
    assert.match(await failingArchive(zip.subarray(0, 40).toString('base64')), /uncompressing/);
  });

  test('a corrupt tar.gz', async () => {
    const bytes = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), Buffer.alloc(200, 0x41)]);
    assert.match(await failingArchive(bytes.toString('base64')), /uncompressing/);
  });

  test('a zip with neither package.json nor index.js at the root', async () => {
    const code = await makeZip({ 'lib/index.js': 'exports.main = () => ({});', 'other.js': 'exports.main = () => ({});' });
    assert.equal(
      await failingArchive(code),
      `${INIT_FAILED}Zipped actions must contain either package.json or index.js at the root.`
    );
  });

  test('a zip whose entry point is not a function', async () => {
    const code = await makeZip({ 'index.js': 'exports.main = { not: "a function" };' });
    assert.equal(await failingArchive(code), `${INIT_FAILED}Action entrypoint 'main' is not a function.`);
  });

  test('a zip whose code fails to load', async () => {
    const code = await makeZip({ 'index.js': 'require("containerless-missing-dependency");\nexports.main = () => ({});' });
    assert.match(await failingArchive(code), /Cannot find module 'containerless-missing-dependency'/);
  });
});
