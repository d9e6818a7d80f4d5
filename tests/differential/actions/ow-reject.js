// Source: apache/openwhisk docs/actions.md and docs/actions-nodejs.md (an action signals failure by rejecting its promise or resolving {error}), the rejected value taken from the input.
function main(params) {
    return new Promise(function (resolve, reject) {
        setTimeout(function () {
            if (params.how === 'resolve-error') resolve({ error: params.value });
            else if (params.how === 'reject') reject(params.value);
            else if (params.how === 'reject-error') reject({ error: params.value });
            else if (params.how === 'reject-new-error') reject(new Error(params.value));
            else resolve({ ok: params.value });
        }, 5);
    });
}
