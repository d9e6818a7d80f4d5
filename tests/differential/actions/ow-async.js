// Source: apache/openwhisk docs/actions-nodejs.md (asynchronous actions) and openwhisk-runtime-nodejs NodeJsActionContainerTests "documentation examples (1)/(2)", "resolved/rejected promises".
function main(params) {
    if (params.mode === 'reject') {
        return new Promise(function(resolve, reject) {
            setTimeout(function() {
                reject({ done: true });
            }, 10);
        })
    }
    if (params.mode === 'reject-empty') {
        return new Promise(function (resolve, reject) {
            reject();
        });
    }
    if (params.payload == 0) {
        return;
    } else if (params.payload == 1) {
        return {payload: 'Hello, World!'}         // indicates normal completion
    } else if (params.payload == 2) {
        return {error: 'payload must be 0 or 1'}  // indicates abnormal completion
    }
    if (params.payload) {
        // asynchronous activation
        return new Promise(function(resolve, reject) {
            setTimeout(function() {
                resolve({ done: true, payload: params.payload });
            }, 10);
        })
    } else {
        // synchronous activation
        return {done: true};
    }
}
