// Source: apache/openwhisk docs/webactions.md (html body, {statusCode, headers, body} with a base64 image, JSON body of the params, redirects, cookies, __ow_ fields).
function main(params) {
    if (params.kind === 'png') {
        let png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
        return { headers: { 'Content-Type': 'image/png' }, statusCode: 200, body: png };
    }
    if (params.kind === 'json') {
        return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: params };
    }
    if (params.kind === 'redirect') {
        return { headers: { location: 'http://openwhisk.org' }, statusCode: 302 };
    }
    if (params.kind === 'cookie') {
        return { headers: { 'Set-Cookie': 'UserID=Jane; Max-Age=3600; Version=', 'Content-Type': 'text/html' }, statusCode: 200, body: '<html><body><h3>hello</h3></body></html>' };
    }
    if (params.kind === 'http') {
        return { body: { method: params.__ow_method, headers: params.__ow_headers, path: params.__ow_path, query: params.__ow_query, body: params.__ow_body } };
    }
    var name = params.name;
    var msg = 'you did not tell me who you are.';
    if (name) {
        msg = `hello ${name}!`
    }
    return {body: `<html><body><h3>${msg}</h3></body></html>`}
}
