// Source: apache/openwhisk docs/actions-nodejs.md and docs/parameters.md (hello, hello with params) and the runtime's "variables with no var declaration" test.
function main(params) {
    if (params.implicit) {
        greeting = 'hello, ' + params.payload + '!'
        console.log(greeting);
        return {payload: greeting}
    }
    var name = params.name || 'World';
    var place = params.place;
    if (place) return {payload: 'Hello, ' + name + ' from ' + place + '!'};
    return {payload:  'Hello, ' + name + '!'};
}
