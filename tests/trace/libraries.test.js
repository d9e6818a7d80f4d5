// Real libraries from node_modules, loaded plain and instrumented: their exported functions give the same results and errors, and the recorder accepts every list.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const util = require('node:util');
const { test } = require('node:test');
const { instrument } = require('../../proxy/trace/instrument');
const { TraceSession } = require('../../proxy/trace/recorder');
const { loadRecorderClass } = require('../../proxy/trace/tracing');

const ROOT = path.resolve(__dirname, '..', '..', 'node_modules');

/** Each library: its file and the calls to compare (functions of its exports). */
const LIBRARIES = {
  'ms/index.js': (ms) => ['1d', '10h', '2.5 hrs', '1m', '5s', '100', '-3 days', '1y', 'abc', '', 60000, 3600000 * 30, -5000, NaN].map((x) => () => ms(x, { long: typeof x === 'number' && x > 0 })),
  'balanced-match/index.js': (bm) => [['{', '}', 'pre{in{nest}}post'], ['{', '}', 'nope'], ['<b>', '</b>', 'a<b>x</b>c<b>y</b>'], ['{', '}', '{{}'], [/\s+\{\s+/, /\s+\}\s+/, 'pre  {   in{nest}   }  post']].map((a) => () => bm(...a)),
  'brace-expansion/index.js': (be) => ['a{b,c}d', '{1..5}', '{a..e..2}', 'x{,y}{1,2}', '{01..10}', 'a{b{c,d},e}f', '{}', '${a,b}', '{5..1}', '{a,b}{}c'].map((s) => () => be(s)),
  'color-convert/conversions.js': (cv) => {
    const calls = [];
    for (const from of Object.keys(cv)) {
      for (const to of Object.keys(cv[from])) {
        if (typeof cv[from][to] !== 'function') continue;
        const input = from === 'hex' ? 'ff8800' : from === 'keyword' ? 'red' : from === 'ansi16' || from === 'ansi256' ? 100 : from === 'cmyk' ? [10, 20, 30, 40] : from === 'gray' ? [50] : [200, 40, 60];
        calls.push(() => cv[from][to](input));
      }
    }
    return calls;
  },
  'content-type/dist/index.js': (ct) =>
    ['text/html; charset=utf-8', 'application/json', 'bad type', 'text/plain; foo="bar\\"x"', 'a/b; c'].flatMap((s) => [() => ct.parse(s), () => ct.format({ type: 'text/html', parameters: { charset: 'utf-8', q: 'a b' } })]),
};

function load(file, code, session) {
  const m = { exports: {} };
  if (session) session.beginModule();
  try {
    new Function('module', 'exports', 'require', '__filename', '__dirname', code)(m, m.exports, Module.createRequire(file), file, path.dirname(file));
  } finally {
    if (session) session.endModule();
  }
  return m.exports;
}

function outcome(fn) {
  try {
    return util.inspect(fn(), { depth: 9 });
  } catch (error) {
    return `throws ${error && error.name}: ${error && error.message}`;
  }
}

for (const [rel, calls] of Object.entries(LIBRARIES)) {
  const file = path.join(ROOT, rel);
  test(`library ${rel}: same results instrumented`, { skip: !fs.existsSync(file) && 'not installed' }, () => {
    const source = fs.readFileSync(file, 'utf8');
    const { code, program } = instrument(source);
    const { Recorder } = loadRecorderClass();
    const recorder = Recorder ? new Recorder(JSON.stringify(program), { codeSha256: '0'.repeat(64), entry: 'main' }) : { mergeModule() {}, merge() {} };
    const session = new TraceSession(program, recorder);
    const plain = calls(load(file, source));
    const traced = calls(load(file, code, session));
    assert.ok(plain.length >= 4);
    for (let i = 0; i < plain.length; i++) {
      const a = outcome(plain[i]);
      const act = session.activation();
      act.enter();
      let b;
      try {
        b = outcome(traced[i]);
      } finally {
        act.end();
      }
      assert.equal(b, a, `call ${i}`);
    }
    assert.equal(session.rejected, 0, session.lastRejection);
    assert.ok(program.functions.length > 0);
  });
}
