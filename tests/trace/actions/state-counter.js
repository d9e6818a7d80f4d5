// Module-level state written by main (stays in Node.js), with logs.
let calls = 0;
let last = null;

function main(params) {
  calls++;
  const previous = last;
  last = params.tag || 'none';
  console.log('call', calls, 'tag', last);
  return { calls, previous };
}
