// The fallback action: traced only with x set, so a request without x leaves the compiled path
// (the handler aborts) and is re-executed in the Node engine.
function main(args) {
  if (args.x) {
    return { payload: 'x: ' + args.name };
  }
  return { payload: 'no x: ' + args.name };
}
