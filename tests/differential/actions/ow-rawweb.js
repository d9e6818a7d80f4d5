// Source: apache/openwhisk docs/webactions.md "raw HTTP handling" (__ow_body kept base64, __ow_query raw), the query split by hand and decodeURIComponent, the request logged with format specifiers.
function main(args) {
    let pairs = (args.__ow_query || '').split('&').filter((p) => p !== '');
    let q = pairs.map((p) => p.split('=')).filter((kv) => kv[0] === 'q').map((kv) => decodeURIComponent(kv.slice(1).join('=')));
    console.log('%s %s body=%s n=%d', args.__ow_method, args.__ow_path, args.__ow_body, q.length);
    return { body: { raw: args.__ow_body, q: q[0], all: q, headers: args.__ow_headers } };
}
