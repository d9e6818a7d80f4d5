// The demo's example action: a greeting, with a log line, as in OpenWhisk's own samples.
function main(params) {
  const name = params.name || 'stranger';
  const place = params.place || 'somewhere';
  console.log(`greeting ${name} from ${place}`);
  return { payload: 'Hello, ' + name + ' from ' + place + '!' };
}
