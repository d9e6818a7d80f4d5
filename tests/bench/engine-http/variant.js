// The floor plus some of the engine's steps, to find where the engine's time goes (variants.sh).
// Answers POST /run with the hello action's result, as floor.js does, after doing the steps named:
//   json       JSON.parse the request body, JSON.stringify the result
//   async      run main through an async function and Promise.race, as proxy/service.js invoke does
//   sentinels  write the activation sentinel line to stdout and to stderr
//
// Usage: node variant.js PORT [STEP,STEP,...]
'use strict';

const http = require('node:http');

const port = Number(process.argv[2]);
const steps = new Set((process.argv[3] || '').split(',').filter(Boolean));
const BODY = Buffer.from(JSON.stringify({ payload: 'Hello, bench!' }), 'utf8');
const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';

function main(args) {
  return { payload: 'Hello, ' + (args.name || 'stranger') + '!' };
}

async function invoke(args) {
  const result = main(args);
  let fail;
  const uncaught = new Promise((resolve) => {
    fail = resolve;
  });
  void fail;
  const outcome = await Promise.race([
    Promise.resolve(result).then((v) => ({ value: v })),
    uncaught.then((error) => ({ uncaught: error })),
  ]);
  return outcome.value;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    chunks.push(chunk);
  });
  req.on('end', () => {
    const answer = (result) => {
      if (steps.has('sentinels')) {
        process.stdout.write(SENTINEL);
        process.stderr.write(SENTINEL);
      }
      const payload = steps.has('json') ? Buffer.from(JSON.stringify(result), 'utf8') : BODY;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length });
      res.end(payload);
    };
    const body = steps.has('json') ? JSON.parse(Buffer.concat(chunks, size).toString('utf8')) : { value: { name: 'bench' } };
    if (steps.has('async')) invoke(body.value).then(answer);
    else answer(main(body.value));
  });
});
server.timeout = 0;
server.requestTimeout = 0;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
