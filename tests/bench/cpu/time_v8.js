// CPU benchmark timing host for V8: runs an action's main in this warm node process and times it.
//
// Usage: node time_v8.js ACTION.js INPUTS.jsonl BODIES_OUT [WARMUP_SECONDS] [MEASURE_SECONDS]
//
// The mirror of time_handler.cc: the action is loaded as the Node engine loads it
// (proxy/evaluate.js), and one activation is what the engine does around main for a /run body:
// JSON.parse of the arguments, main, JSON.stringify of the result (the native handler's run()
// does the same three steps). First one verification pass (bodies to BODIES_OUT, one per line),
// then warm-up, so that V8's optimising compiler has done its work, then whole passes over the
// inputs until MEASURE_SECONDS have passed. Prints {"activations":N,"ns_per_activation":X,
// "cpu_ns_per_activation":C} (C: the process's CPU time over the same window, all threads).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { evaluateActionCode } = require('../../../proxy/evaluate.js');

function load(file) {
  const code = fs.readFileSync(file, 'utf8');
  const mod = { exports: {} };
  return evaluateActionCode(code, 'main', mod, mod.exports, require, file, path.dirname(file));
}

function main() {
  const [file, inputsFile, bodiesOut, warmupArg, measureArg] = process.argv.slice(2);
  if (!bodiesOut) {
    process.stderr.write('usage: node time_v8.js ACTION.js INPUTS.jsonl BODIES_OUT [WARMUP_S] [MEASURE_S]\n');
    process.exit(2);
  }
  const warmupNs = BigInt(Math.round(Number(warmupArg || 0.5) * 1e9));
  const measureNs = BigInt(Math.round(Number(measureArg || 1) * 1e9));
  const inputs = fs.readFileSync(inputsFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const action = load(path.resolve(file));
  const activate = (text) => JSON.stringify(action(JSON.parse(text)));

  fs.writeFileSync(bodiesOut, inputs.map((text) => activate(text) + '\n').join(''));

  let sink = 0;
  let start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < warmupNs) {
    for (const text of inputs) sink += activate(text).length;
  }
  let activations = 0;
  let elapsed = 0n;
  start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage(); // all threads of this process: V8's GC and compilers too
  do {
    for (const text of inputs) {
      sink += activate(text).length;
      activations++;
    }
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < measureNs);
  const ns = Number(elapsed) / activations;
  const cpu = process.cpuUsage(cpuStart);
  const cpuNs = ((cpu.user + cpu.system) * 1000) / activations;
  process.stdout.write(
    JSON.stringify({
      activations,
      ns_per_activation: Math.round(ns * 10) / 10,
      cpu_ns_per_activation: Math.round(cpuNs * 10) / 10,
      sink: sink > 0,
    }) + '\n',
  );
}

main();
