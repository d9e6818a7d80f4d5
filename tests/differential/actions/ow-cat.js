// Source: apache/openwhisk-catalog packages/utils/cat.js (unix cat: joins the lines).
function main(msg) {
    var lines = msg.lines || [];
    var retn = {lines: lines, payload: lines.join("\n")};
    console.log('cat: returning ' + JSON.stringify(retn));
    return retn;
}
