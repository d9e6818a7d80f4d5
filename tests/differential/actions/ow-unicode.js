// Source: openwhisk-runtime-nodejs NodeJsActionContainerTests testUnicode.
function main(args) {
    var str = args.delimiter + " ☃ " + args.delimiter;
    console.log(str);
    return { "winter": str };
}
