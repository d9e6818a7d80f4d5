// Source: apache/openwhisk-catalog packages/utils/smash.js (nests all properties under one).
function main(args) {
    let parent = args.$fieldName;

    if (typeof parent !== 'string') {
        return {
            error : "Expected an argument '$fieldName' of type 'string'."
        };
    }

    delete args.$fieldName;

    let result = {};
    result[parent] = args;
    return result;
}
