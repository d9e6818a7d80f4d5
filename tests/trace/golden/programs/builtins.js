// Built-in calls: console, JSON and Math.
// inputs: [{"xs": [3, 1, 2]}]
function main(params) {
  console.log('input', JSON.stringify(params));
  const m = Math.max(1, 2, 3);
  const parsed = JSON.parse('{"ok":true}');
  console.error('max', m);
  return { m, parsed, floor: Math.floor(2.7) };
}
