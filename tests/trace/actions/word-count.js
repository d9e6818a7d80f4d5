// Text processing: word frequencies, top words first.
function main(params) {
  const text = String(params.text || '');
  const words = text.toLowerCase().split(' ');
  const counts = {};
  let total = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i].trim();
    if (w === '') continue;
    counts[w] = (counts[w] || 0) + 1;
    total++;
  }
  const keys = Object.keys(counts);
  keys.sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0));
  const top = [];
  for (let i = 0; i < keys.length && i < (params.top || 3); i++) top.push(keys[i] + ':' + counts[keys[i]]);
  return { total, distinct: keys.length, top };
}
