// Instruments every script in node_modules (real-world and minified code): the instrumenter must never produce code that does not parse.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { instrument } = require('../../proxy/trace/instrument');

const ROOT = path.resolve(__dirname, '..', '..', 'node_modules');

function scripts(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) scripts(p, out);
    else if (/\.c?js$/.test(e.name)) out.push(p);
  }
  return out;
}

test('every script of node_modules instruments to code that parses, or is refused by acorn or as a #! file', { skip: !fs.existsSync(ROOT) && 'no node_modules' }, () => {
  const failures = [];
  let instrumented = 0;
  for (const file of scripts(ROOT)) {
    const source = fs.readFileSync(file, 'utf8');
    if (source.length > 500_000) continue;
    try {
      instrument(source);
      instrumented++;
    } catch (error) {
      if (error instanceof SyntaxError || /#! line|uses the name/.test(error.message)) continue; // ES modules, JSX, shebang scripts
      failures.push(`${path.relative(ROOT, file)}: ${error.message}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(instrumented > 100, `only ${instrumented} scripts instrumented`);
});
