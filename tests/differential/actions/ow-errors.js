// Source: openwhisk-runtime-nodejs NodeJsActionContainerTests ("return some error on action error", "application errors", "not returning json", echo with stdout/stderr).
function main(args) {
    console.log('hello stdout')
    console.error('hello stderr')
    if (args.kind === 'throw') throw "nooooo";
    if (args.kind === 'app') return { "error" : "sorry" };
    if (args.kind === 'string') return "not a json object";
    if (args.kind === 'throwerr') throw new Error(args.msg);
    if (args.kind === 'array') return [args.msg];
    if (args.kind === 'null') return null;
    return args
}
