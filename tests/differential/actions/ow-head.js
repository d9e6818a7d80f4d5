// Source: apache/openwhisk-catalog packages/utils/head.js (the first num lines of an array).
function main(msg) {
    var lines = msg.lines || [];
    var num = msg.num || 1;
    var head = lines.slice(0, num);
    console.log('head get first ' + num + ' lines of ' + lines + ': ' + head);
    return {lines: head, num: num};
}
