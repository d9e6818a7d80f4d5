// OpenWhisk's runtime test cases for Node.js, one node:test test per upstream case, named after it.
//
// Sources (read as facts: inputs, statuses, bodies, log checks; restated here, not copied):
// - apache/openwhisk-runtime-nodejs tests/src/test/scala/runtime/actionContainers/
//   NodeJsActionContainerTests.scala (e01f2dc5), run by NodeJs20ActionContainerTests;
//   NodeJsConcurrentTests.scala (6896c0d9), run by NodeJs20ConcurrentTests: every case of
//   NodeJsActionContainerTests again with __OW_ALLOW_CONCURRENT=true, plus its own case;
//   NodeJsNonConcurrentTests.scala (0a683b8e) and NodeJs8ActionContainerTests.scala (90f163a8).
// - apache/openwhisk tests/src/test/scala/actionContainers/BasicActionRunnerTests.scala
//   (9a99616c, "runtime proxy"), inherited by NodeJsActionContainerTests, and
//   ActionContainer.scala (checkStreams, withContainer): see ./upstream.js.
'use strict';

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const { makeZip } = require('../protocol/harness');
const { checkStreams, initPayload, runPayload, withContainer } = require('./upstream');

/**
 * How many cases of one describe block run at once (2 cores, shared): most of a case's time is
 * spent waiting (server start, timers of the actions, compilations at nice 19).
 */
const CONCURRENCY = 6;

/**
 * NodeJsConcurrentTests reads its request count from akka-http's
 * host-connection-pool.max-connections and requires it to be above 100; 128 is used here.
 */
const CONCURRENT_REQUESTS = 128;

const examplePackageDotJson = JSON.stringify(
  {
    name: 'wskaction',
    version: '1.0.0',
    description: 'An OpenWhisk action as an npm package.',
    main: 'index.js',
    author: 'info@openwhisk.org',
    license: 'Apache-2.0',
  },
  null,
  2
);

const empty = (o, e) => {
  assert.equal(o, '', 'stdout');
  assert.equal(e, '', 'stderr');
};

/**
 * The cases of NodeJsActionContainerTests (its own, not the inherited BasicActionRunnerTests
 * ones). `withNodeJsContainer(code)` is the suite's container: no environment for
 * NodeJs20ActionContainerTests, __OW_ALLOW_CONCURRENT=true for NodeJs20ConcurrentTests.
 */
function nodeJsActionContainerCases(withNodeJsContainer, mode) {
  return {
    'should fail to initialize with bad code': async () => {
      const logs = await withNodeJsContainer(async (c) => {
        const [initCode] = await c.init(initPayload('\n 10 PRINT "Hello world!"\n 20 GOTO 10\n'));
        assert.notEqual(initCode, 200);
      });
      // Somewhere, the logs should mention an error occurred.
      checkStreams(logs, (o, e) => {
        assert.ok((o + e).toLowerCase().includes('error'));
        assert.ok((o + e).toLowerCase().includes('syntax'));
      });
    },

    'should fail to initialize with no code': async () => {
      await withNodeJsContainer(async (c) => {
        const [initCode, error] = await c.init(initPayload(''));
        assert.notEqual(initCode, 200);
        assert.ok(error && typeof error === 'object');
        assert.ok(JSON.stringify(error.error).includes('no code to execute'), JSON.stringify(error));
      });
    },

    'should return some error on action error': async () => {
      await withNodeJsContainer(async (c) => {
        const [initCode] = await c.init(initPayload('\n function main(args) {\n     throw "nooooo";\n }\n'));
        assert.equal(initCode, 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.notEqual(runCode, 200);
        assert.ok(runRes && 'error' in runRes);
        assert.ok(JSON.stringify(runRes.error).toLowerCase().includes('nooooo'), JSON.stringify(runRes));
      });
    },

    'should support application errors': async () => {
      await withNodeJsContainer(async (c) => {
        const [initCode] = await c.init(initPayload('\n function main(args) {\n     return { "error" : "sorry" };\n }\n'));
        assert.equal(initCode, 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200); // action writer returning an error is OK
        assert.ok(runRes && 'error' in runRes);
      });
    },

    'should support the documentation examples (1)': async () => {
      const code = `
 // an action in which each path results in a synchronous activation
 function main(params) {
     if (params.payload == 0) {
         return;
     } else if (params.payload == 1) {
         return {payload: 'Hello, World!'}         // indicates normal completion
     } else if (params.payload == 2) {
         return {error: 'payload must be 0 or 1'}  // indicates abnormal completion
     }
 }
`;
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [c1, r1] = await c.run(runPayload({ payload: 0 }));
        const [c2, r2] = await c.run(runPayload({ payload: 1 }));
        const [c3, r3] = await c.run(runPayload({ payload: 2 }));
        assert.equal(c1, 200);
        assert.deepEqual(r1, {});
        assert.equal(c2, 200);
        assert.deepEqual(r2, { payload: 'Hello, World!' });
        assert.equal(c3, 200); // application error, not container or system
        assert.equal(r3.error, 'payload must be 0 or 1');
      });
      checkStreams(logs, empty, 3);
    },

    'should support the documentation examples (2)': async () => {
      const code = `
 function main(params) {
     if (params.payload) {
         // asynchronous activation
         return new Promise(function(resolve, reject) {
                setTimeout(function() {
                  resolve({ done: true });
                }, 100);
             })
     } else {
         // synchronous activation
         return {done: true};
     }
 }
`;
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [c1, r1] = await c.run(runPayload({}));
        const [c2, r2] = await c.run(runPayload({ payload: true }));
        assert.equal(c1, 200);
        assert.deepEqual(r1, { done: true });
        assert.equal(c2, 200);
        assert.deepEqual(r2, { done: true });
      });
      checkStreams(logs, empty, 2);
    },

    'should support variables with no var declaration': async () => {
      const code = `
 function main(params) {
    greeting = 'hello, ' + params.payload + '!'
    console.log(greeting);
    return {payload: greeting}
 }
`;
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, result] = await c.run(runPayload({ payload: 'test' }));
        assert.equal(runCode, 200);
        assert.deepEqual(result, { payload: 'hello, test!' });
      });
      checkStreams(logs, (o, e) => {
        assert.equal(o, 'hello, test!');
        assert.equal(e, '');
      });
    },

    'should support webpacked function': async () => {
      const code = '\nfunction foo() {\n  return { bar: true }\n}\nglobal.main = foo\n';
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, result] = await c.run({}); // JsObject.empty: a /run body without "value"
        assert.equal(runCode, 200);
        assert.deepEqual(result, { bar: true });
      });
      checkStreams(logs, empty);
    },

    'should support exports.main for single files': async () => {
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload('\n exports.main = function (params) {\n     return params\n }\n')))[0], 200);
        const [runCode, out] = await c.run(runPayload({ payload: 'Hello exports!' }));
        assert.equal(runCode, 200);
        assert.deepEqual(out, { payload: 'Hello exports!' });
      });
      checkStreams(logs, empty);
    },

    'should support module.exports.main for single files': async () => {
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload('\n module.exports.main = function (params) {\n     return params\n }\n')))[0], 200);
        const [runCode, out] = await c.run(runPayload({ payload: 'Hello exports!' }));
        assert.equal(runCode, 200);
        assert.deepEqual(out, { payload: 'Hello exports!' });
      });
      checkStreams(logs, empty);
    },

    'should error when requiring a non-existent package': async () => {
      const code = "\n function main(args) {\n     require('.mildlyinvalidnameofanonexistentpackage');\n }\n";
      const logs = await withNodeJsContainer(async (c) => {
        const [initCode] = await c.init(initPayload(code));
        assert.equal(initCode, 200);
        const [runCode] = await c.run(runPayload({}));
        assert.notEqual(runCode, 200);
      });
      // Somewhere, the logs should mention an error occurred.
      checkStreams(logs, (o, e) => assert.match(o + e, /Error|error/));
    },

    'should have openwhisk package available': async () => {
      const code = "\n function main(args) {\n     require('openwhisk');\n     return { \"result\": true }\n }\n";
      const logs = await withNodeJsContainer(async (c) => {
        const [initCode] = await c.init(initPayload(code));
        assert.equal(initCode, 200);
        const [runCode] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
      });
      checkStreams(logs, empty);
    },

    'should support resolved promises': async () => {
      const code = `
 function main(args) {
     return new Promise(function(resolve, reject) {
       setTimeout(function() {
         resolve({ done: true });
       }, 100);
    })
 }
`;
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.deepEqual(runRes, { done: true });
      });
      checkStreams(logs, empty);
    },

    'should support rejected promises': async () => {
      const code = `
 function main(args) {
     return new Promise(function(resolve, reject) {
       setTimeout(function() {
         reject({ done: true });
       }, 100);
    })
 }
`;
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.ok(runRes && 'error' in runRes);
      });
      checkStreams(logs, empty);
    },

    'should support rejected promises with no message': async () => {
      const code = '\n function main(args) {\n     return new Promise(function (resolve, reject) {\n         reject();\n     });\n }';
      await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [, runRes] = await c.run(runPayload({}));
        assert.ok(runRes && 'error' in runRes);
      });
    },

    'should support large-ish actions': async () => {
      const thought = ' I took the one less traveled by, and that has made all the difference.';
      const assignment = `    x = "${thought}";\n`;
      const code =
        '\n function main(args) {\n     var x = "hello";\n' +
        assignment.repeat(7000) +
        '\n     x = "world";\n     return { "message" : x };\n }\n';
      // Lest someone should make it too easy.
      assert.ok(code.length >= 500000);
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.equal(runRes.message, 'world');
      });
      checkStreams(logs, empty);
    },

    'should support zip-encoded npm package actions': async () => {
      const code = await makeZip({
        'package.json': examplePackageDotJson,
        'index.js': `
 exports.main = function (args) {
     var name = typeof args["name"] === "string" ? args["name"] : "stranger";

     return {
         greeting: "Hello " + name + ", from an npm package action."
     };
 }
`,
      });
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.equal(runRes.greeting, 'Hello stranger, from an npm package action.');
      });
      checkStreams(logs, empty);
    },

    'should support zip-encoded npm package actions without a package.json file': async () => {
      const code = await makeZip({
        'index.js': `
 exports.main = function (args) {
     var name = typeof args["name"] === "string" ? args["name"] : "stranger";

     return {
         greeting: "Hello " + name + ", from an npm package action without a package.json."
     };
 }
`,
      });
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.equal(runRes.greeting, 'Hello stranger, from an npm package action without a package.json.');
      });
      checkStreams(logs, empty);
    },

    'should support zip-encoded npm package with main from file other than index.js': async () => {
      const code = await makeZip({
        'other.js': `
 exports.niam = function (args) {
     var name = typeof args["name"] === "string" ? args["name"] : "stranger";

     return {
         greeting: "Hello " + name + ", from other.niam."
     };
 }
`,
      });
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code, 'other.niam')))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.equal(runRes.greeting, 'Hello stranger, from other.niam.');
      });
      checkStreams(logs, empty);
    },

    'should support nested main': async () => {
      const code = await makeZip({
        'other.js': `
 exports.niam = { xyz: function (args) {
     var name = typeof args["name"] === "string" ? args["name"] : "stranger";

     return {
         greeting: "Hello " + name + ", from nested main."
     };
 } }
`,
      });
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code, 'other.niam.xyz')))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.equal(runRes.greeting, 'Hello stranger, from nested main.');
      });
      checkStreams(logs, empty);
    },

    'should allow zip-encoded npm package containing package.json and overriding entry point': async () => {
      const code = await makeZip({
        'package.json': examplePackageDotJson,
        'index.js': '\n exports.main = function (args) {\n     return { result: "it works" };\n }\n',
        'other.js': '\n exports.niam = function (args) {\n     return { result: "it should also work" };\n }\n',
      });
      const logs = await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code, 'other.niam')))[0], 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.equal(runRes.result, 'it should also work');
      });
      checkStreams(logs, empty);
    },

    'should fail gracefully on invalid zip files': async () => {
      // Some text-file encoded to base64.
      const code = 'Q2VjaSBuJ2VzdCBwYXMgdW4gemlwLgo=';
      assert.equal(initPayload(code).value.binary, true);
      const logs = await withNodeJsContainer(async (c) => {
        assert.notEqual((await c.init(initPayload(code)))[0], 200);
      });
      // Somewhere, the logs should mention the connection to the archive.
      checkStreams(logs, (o, e) => {
        assert.ok((o + e).toLowerCase().includes('error'));
        assert.match((o + e).toLowerCase(), /syntax|uncompressing/);
      });
    },

    'should fail gracefully on valid zip files that are not actions': async () => {
      const code = await makeZip({ hello: '\n Hello world!\n' });
      const logs = await withNodeJsContainer(async (c) => {
        assert.notEqual((await c.init(initPayload(code)))[0], 200);
      });
      checkStreams(logs, (o, e) => {
        assert.match((o + e).toLowerCase(), /error|exited/);
        assert.ok((o + e).toLowerCase().includes('zipped actions must contain either package.json or index.js at the root.'));
      });
    },

    'should support zipped actions using non-default entry point': async () => {
      const code = await makeZip({
        'package.json': examplePackageDotJson,
        'index.js': '\n exports.niam = function (args) {\n     return { result: "it works" };\n }\n',
      });
      await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code, 'niam')))[0], 200);
        const [, runRes] = await c.run(runPayload({}));
        assert.equal(runRes.result, 'it works');
      });
    },

    'should set correct cwd for zipped actions': async () => {
      const code = await makeZip({
        'package.json': examplePackageDotJson,
        'test.txt': 'test text',
        'index.js': `
 const fs = require('fs');
 exports.main = function (args) {
     const fileData = fs.readFileSync('./test.txt').toString();
     return { result1: fileData,
              result2: __dirname === process.cwd() };
 }
`,
      });
      await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [, runRes] = await c.run(runPayload({}));
        assert.equal(runRes.result1, 'test text');
        assert.equal(runRes.result2, true);
      });
    },

    'should support default function parameters': async () => {
      const code = `
 function main(args) {
     let foo = 3;
     return {isValid: (function (a, b = 2) {return a === 3 && b === 2;}(foo))};
 }
`;
      const logs = await withNodeJsContainer(async (c) => {
        const [initCode] = await c.init(initPayload(code));
        assert.equal(initCode, 200);
        const [runCode, runRes] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.deepEqual(runRes, { isValid: true });
      });
      checkStreams(logs, empty);
    },

    'should use user provided npm packages in a zip file': async () => {
      // tests/dat/actions/nodejs-test.zip: package.json (main: main.js), main.js requiring the
      // bundled node_modules/abcxyz, which returns 'hello local library'.
      const code = await makeZip({
        'package.json': JSON.stringify({ name: 'nodejs-zip', version: '1.0.0', main: 'main.js', dependencies: { openwhisk: '^3.21.7' } }),
        'main.js': "function main(args) {\n  let x = require('abcxyz')\n  return { \"message\": x() };\n}\nmodule.exports = { main: main, niam: main }\n",
        'node_modules/abcxyz/index.js': "module.exports = function() {\n  return 'hello local library';\n}\n",
      });
      await withNodeJsContainer(async (c) => {
        assert.equal((await c.init(initPayload(code)))[0], 200);
        const [, runRes] = await c.run(runPayload({}));
        assert.equal(runRes.message, 'hello local library');
      });
    },

    // Upstream runs this in an image derived from the runtime with openwhisk@2.7.0 added by npm,
    // which needs Docker. The closest without it: the runtime's own preinstalled openwhisk, whose
    // client is constructed (no call out) from __OW_API_HOST (the container's environment, as the
    // invoker sets it) and __OW_API_KEY (from the /run body, as the invoker sends it).
    'should use user provided packages in Docker Actions [closest without Docker: the preinstalled openwhisk package, its client constructed from __OW_API_HOST/__OW_API_KEY, no call out]':
      async () => {
        const code = `
 function main(args) {
  var ow = require('openwhisk');
  var actions = ow().actions;

  return { "message": "success" };
}
`;
        await withContainer(mode, { __OW_API_HOST: 'https://openwhisk.invalid' }, async (c) => {
          const [initCode] = await c.init(initPayload(code));
          assert.equal(initCode, 200);
          const [runCode, runRes] = await c.run(runPayload({}, { api_key: 'user:pass' }));
          assert.equal(runCode, 200, JSON.stringify(runRes));
          assert.ok(runRes);
          assert.equal(runRes.message, 'success');
        });
      },
  };
}

/** The cases of BasicActionRunnerTests ("runtime proxy") with NodeJsActionContainerTests' TestConfigs. */
function basicActionRunnerCases(mode) {
  const withActionContainer = (env, code) => withContainer(mode, env, code);
  const echo = "\nfunction main(args) {\n    console.log('hello stdout')\n    console.error('hello stderr')\n    return args\n}\n";
  const identity = '\nfunction main(args) {\n    return args\n}\n';
  return {
    // testNoSource = testNoSourceOrExec = TestConfig(""): no code stub.
    'should handle initialization with no code': async () => {
      await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload('', ''));
        assert.notEqual(initCode, 200);
      });
    },

    'should handle initialization with no content': async () => {
      await withActionContainer({}, async (c) => {
        const [initCode, out] = await c.init({});
        assert.notEqual(initCode, 200);
        assert.deepEqual(out, { error: 'Missing main/no code to execute.' });
      });
    },

    // testNotReturningJson: enforceEmptyErrorStream = false.
    'should run and report an error for function not returning a json object': async () => {
      const logs = await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload('\nfunction main(args) {\n    return "not a json object"\n}\n'));
        assert.equal(initCode, 200);
        const [runCode, out] = await c.run({});
        assert.notEqual(runCode, 200);
        assert.deepEqual(out, { error: 'The action did not return a dictionary.' });
      });
      checkStreams(logs, (o) => assert.equal(o, '', 'stdout'));
    },

    'should fail to initialize a second time': async () => {
      const errorMessage = 'Cannot initialize the action more than once.';
      const logs = await withActionContainer({}, async (c) => {
        const [initCode1] = await c.init(initPayload(identity));
        assert.equal(initCode1, 200);
        const [initCode2, error2] = await c.init(initPayload(identity));
        assert.notEqual(initCode2, 200);
        assert.deepEqual(error2, { error: errorMessage });
      });
      checkStreams(logs, (o, e) => assert.ok((o + e).includes(errorMessage)), 0);
    },

    'should invoke non-standard entry point': async () => {
      const logs = await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload('\n function niam(args) {\n     return args;\n }\n', 'niam'));
        assert.equal(initCode, 200);
        const arg = { string: 'hello' };
        const [runCode, out] = await c.run(runPayload(arg));
        assert.equal(runCode, 200);
        assert.deepEqual(out, arg);
      });
      checkStreams(logs, empty);
    },

    'should echo arguments and print message to stdout/stderr': async () => {
      const argss = [{ string: 'hello' }, { string: '❄ ☃ ❄' }, { numbers: [42, 1] }, { object: { a: 'A' } }];
      const logs = await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload(echo));
        assert.equal(initCode, 200);
        for (const args of argss) {
          const [runCode, out] = await c.run(runPayload(args));
          assert.equal(runCode, 200);
          assert.deepEqual(out, args);
        }
      });
      checkStreams(
        logs,
        (o, e) => {
          assert.ok(o.includes('hello stdout'), o);
          assert.ok(e.includes('hello stderr'), e);
        },
        argss.length
      );
    },

    'should handle unicode in source, input params, logs, and result': async () => {
      const code = 'function main(args) {\n    var str = args.delimiter + " ☃ " + args.delimiter;\n    console.log(str);\n    return { "winter": str };\n}';
      const logs = await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload(code));
        assert.equal(initCode, 200);
        const [, runRes] = await c.run(runPayload({ delimiter: '❄' }));
        assert.equal(runRes.winter, '❄ ☃ ❄');
      });
      checkStreams(logs, (o) => assert.ok(o.toLowerCase().includes('❄ ☃ ❄'), o));
    },

    'should export environment variables before initialization': async () => {
      const code =
        'const envargs = {\n    "SOME_VAR": process.env.SOME_VAR,\n    "ANOTHER_VAR": process.env.ANOTHER_VAR\n}\n\nfunction main(args) {\n    return envargs\n}';
      const logs = await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload(code, 'main', { SOME_VAR: 'xyz', ANOTHER_VAR: '' }));
        assert.equal(initCode, 200);
        const [runCode, out] = await c.run(runPayload({}));
        assert.equal(runCode, 200);
        assert.ok(out);
        assert.equal(out.SOME_VAR, 'xyz');
        assert.equal(out.ANOTHER_VAR, '');
      });
      checkStreams(logs, empty);
    },

    'should confirm expected environment variables': async () => {
      const code = `function main(args) {
    return {
       "api_host": process.env['__OW_API_HOST'],
       "api_key": process.env['__OW_API_KEY'],
       "namespace": process.env['__OW_NAMESPACE'],
       "action_name": process.env['__OW_ACTION_NAME'],
       "action_version": process.env['__OW_ACTION_VERSION'],
       "activation_id": process.env['__OW_ACTIVATION_ID'],
       "deadline": process.env['__OW_DEADLINE']
    }
}`;
      const props = [
        ['api_host', 'xyz'],
        ['api_key', 'abc'],
        ['namespace', 'zzz'],
        ['action_name', 'xxx'],
        ['action_version', '0.0.1'],
        ['activation_id', 'iii'],
        ['deadline', '123'],
      ];
      // The api host is given to the container's environment, the rest in the /run body.
      const logs = await withActionContainer({ __OW_API_HOST: 'xyz' }, async (c) => {
        const [initCode] = await c.init(initPayload(code));
        assert.equal(initCode, 200);
        const [runCode, out] = await c.run(runPayload({}, Object.fromEntries(props.slice(1))));
        assert.equal(runCode, 200);
        assert.ok(out);
        for (const [k, v] of props) assert.equal(out[k], v, k);
      });
      checkStreams(logs, empty);
    },

    'should echo a large input': async () => {
      await withActionContainer({}, async (c) => {
        const [initCode] = await c.init(initPayload(identity));
        assert.equal(initCode, 200);
        const arg = { arg: 'a'.repeat(1048561) };
        const [, runRes] = await c.run(runPayload(arg));
        assert.deepEqual(runRes, arg, 'result did not match');
      });
    },
  };
}

/** NodeJsConcurrentTests' own case, in a container with __OW_ALLOW_CONCURRENT=true. */
async function allowRunningActivationsConcurrently(mode) {
  const requestCount = CONCURRENT_REQUESTS;
  // This action only completes once all activations have arrived and logged: all in-action logs
  // come before all of the sentinels.
  const code = `

 global.count = 0;
 let requestCount = ${requestCount};
 let interval = 1000;
 function main(args) {
     global.count++;
     console.log("interleave me");
     return new Promise(function(resolve, reject) {
         setTimeout(function() {
             checkRequests(args, resolve, reject);
         }, interval);
    });
 }
 function checkRequests(args, resolve, reject, elapsed) {
     let elapsedTime = elapsed||0;
     if (global.count == requestCount) {
         resolve({ args: args});
     } else {
         if (elapsedTime > 30000) {
             reject("did not receive "+requestCount+" activations within 30s");
         } else {
             setTimeout(function() {
                 checkRequests(args, resolve, reject, elapsedTime+interval);
             }, interval);
         }
     }
 }
`;
  const logs = await withContainer(mode, { __OW_ALLOW_CONCURRENT: 'true' }, async (c) => {
    assert.equal((await c.init(initPayload(code)))[0], 200);
    const payloads = Array.from({ length: requestCount }, (_, i) => ({ [`arg${i + 1}`]: `value${i + 1}` }));
    const responses = await c.runMultiple(payloads.map((p) => runPayload(p)));
    for (const a of payloads) {
      assert.ok(
        responses.some(([status, body]) => status === 200 && body !== undefined && JSON.stringify(body) === JSON.stringify({ args: a })),
        `no (200, {args: ${JSON.stringify(a)}}) among the responses`
      );
    }
  });
  checkStreams(
    logs,
    (o, e) => {
      assert.equal(o.replaceAll('\n', ''), 'interleave me'.repeat(requestCount));
      assert.equal(e, '');
    },
    requestCount
  );
  // expected grouping of stdout sentinels
  assert.ok(logs.stdout.includes(`${'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n'.repeat(requestCount)}`), 'expected grouping of stdout sentinels');
}

/** NodeJsNonConcurrentTests' own case, in a container without __OW_ALLOW_CONCURRENT. */
async function notAllowRunningActivationsConcurrently(mode) {
  const code = `
 function main(args) {
     console.log("no concurrency");
     return new Promise(function(resolve, reject) {
         setTimeout(function() {
             resolve({ args: args});
         }, 1000);
     });
 }
`;
  const logs = await withContainer(mode, {}, async (c) => {
    assert.equal((await c.init(initPayload(code)))[0], 200);
    const payloads = [1, 2].map((i) => ({ [`arg${i}`]: `value${i}` }));
    const responses = await c.runMultiple(payloads.map((p) => runPayload(p)));
    // One fails, one succeeds; which one is not determined.
    assert.equal(responses.filter(([s, b]) => s === 200 && b !== undefined && b.args !== undefined).length, 1, JSON.stringify(responses));
    assert.equal(
      responses.filter(([s, b]) => s === 403 && b !== undefined && (b.error === undefined ? '' : b.error) === 'System not ready, status is running.').length,
      1,
      JSON.stringify(responses)
    );
  });
  checkStreams(
    logs,
    (o, e) => {
      assert.equal(o.replaceAll('\n', ''), 'no concurrency');
      assert.equal(e, 'Internal system error: System not ready, status is running.');
    },
    1
  );
}

/** NodeJs8ActionContainerTests' own case (Node.js 8 added async functions). */
async function supportAsyncAndAwait(mode) {
  const code = `
 const util = require('util');
 const fs = require('fs');

 const stat = util.promisify(fs.stat);

 async function main() {
   const stats = await stat('.');
   return stats
 }
`;
  await withContainer(mode, {}, async (c) => {
    const [initCode] = await c.init(initPayload(code));
    assert.equal(initCode, 200);
    const [runCode, runRes] = await c.run(runPayload({}));
    assert.equal(runCode, 200);
    assert.ok(runRes);
    assert.ok('uid' in runRes, JSON.stringify(runRes));
  });
}

/**
 * Registers every ported case against `mode` (a key of MODES). Test names are
 * "<upstream suite>: <upstream case name>", suffixed with the engine mode.
 */
function registerUpstreamCases(mode) {
  const suffix = ` [${mode}]`;
  const plain = (code) => withContainer(mode, {}, code);
  const concurrent = (code) => withContainer(mode, { __OW_ALLOW_CONCURRENT: 'true' }, code);

  // Two blocks, one after the other: in auto-compiled mode the second one finds the handlers the
  // first one compiled in the shared handler cache (see MODES in ./upstream.js).
  describe(`OpenWhisk runtime tests for Node.js against --engine ${mode}: containers without __OW_ALLOW_CONCURRENT`, { concurrency: CONCURRENCY }, () => {
    for (const [name, fn] of Object.entries(basicActionRunnerCases(mode))) {
      // Upstream also runs these in NodeJs20ConcurrentTests, identically (they use
      // withActionContainer() without the concurrent environment): ported once.
      test(`BasicActionRunnerTests: runtime proxy ${name}${suffix}`, fn);
    }
    for (const [name, fn] of Object.entries(nodeJsActionContainerCases(plain, mode))) {
      test(`NodeJsActionContainerTests: ${name}${suffix}`, fn);
    }
    test(`NodeJsNonConcurrentTests: should NOT allow running activations concurrently (without proper env setup)${suffix}`, () =>
      notAllowRunningActivationsConcurrently(mode));
    test(`NodeJs8ActionContainerTests: should support async and await${suffix}`, () => supportAsyncAndAwait(mode));
  });
  describe(`OpenWhisk runtime tests for Node.js against --engine ${mode}: containers with __OW_ALLOW_CONCURRENT=true`, { concurrency: CONCURRENCY }, () => {
    for (const [name, fn] of Object.entries(nodeJsActionContainerCases(concurrent, mode))) {
      if (name.startsWith('should use user provided packages in Docker Actions')) continue; // its own container in both suites: ported once
      test(`NodeJsConcurrentTests (__OW_ALLOW_CONCURRENT=true): ${name}${suffix}`, fn);
    }
    test(`NodeJsConcurrentTests: should allow running activations concurrently${suffix}`, () => allowRunningActivationsConcurrently(mode));
  });
}

module.exports = { registerUpstreamCases };
