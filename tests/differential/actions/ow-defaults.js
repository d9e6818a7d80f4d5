// Source: openwhisk-runtime-nodejs NodeJsActionContainerTests "support default function parameters" (an IIFE with a default parameter), with the argument taken from the input.
function main(args) {
    let foo = args.foo === undefined ? 3 : args.foo;
    return {isValid: (function (a, b = 2) {return a === 3 && b === 2;}(foo)), sum: (function (a, b = 2, c = a + b) {return [a, b, c];}(foo, args.b))};
}
