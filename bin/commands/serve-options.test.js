// Tests that the native runtime's copy of serve's options and help (actionloop/src/serve_options.inc) is the one generated from serve-options.js.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { SERVE_OPTIONS, HELP, parseSpec, cxx } = require('./serve-options');

const INC = path.join(__dirname, '..', '..', 'actionloop', 'src', 'serve_options.inc');

test('actionloop/src/serve_options.inc is what serve-options.js generates', () => {
  assert.strictEqual(
    fs.readFileSync(INC, 'utf8'),
    cxx(),
    'out of date: run "node bin/commands/serve-options.js --cxx > actionloop/src/serve_options.inc"'
  );
});

test('every option is in the parse spec and in the help text', () => {
  const spec = parseSpec();
  for (const o of SERVE_OPTIONS) {
    assert.ok(Object.hasOwn(spec, o.name), o.name);
    assert.ok(HELP.includes(`  ${o.name} `), `${o.name} is documented in the help`);
  }
  assert.deepStrictEqual(spec['--trace'], { key: 'trace', flag: true });
  assert.strictEqual(spec['--body-limit'], 'bodyLimitMb');
});
