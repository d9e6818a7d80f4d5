// Source: apache/openwhisk-catalog packages/utils/sort.js (sorts a set of lines).
function main(msg) {
    var lines = msg.lines || [];
    //console.log('sort got ' + lines.length + ' lines');
    console.log('sort input msg: ' + JSON.stringify(msg));
    console.log('sort before: ' + lines);
    lines.sort();
    console.log('sort after: ' + lines);
    return {lines: lines, length: lines.length};
}
