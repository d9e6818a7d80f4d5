// Source: apache/openwhisk docs/actions-nodejs.md (async actions signal failure by rejecting or resolving {error}), as an async function: thrown values and {error} results taken from the input.
async function main(params) {
    if (params.how === 'resolve-error') return { error: params.value };
    if (params.how === 'reject') throw params.value;
    if (params.how === 'reject-error') throw { error: params.value };
    if (params.how === 'reject-new-error') throw new Error(params.value);
    return { ok: params.value };
}
