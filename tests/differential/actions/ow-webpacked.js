// Source: openwhisk-runtime-nodejs NodeJsActionContainerTests "support webpacked function" (main assigned to global), with a field from the input.
function foo(args) {
  return { bar: true, name: args.name }
}
global.main = foo
