// Breadth-first search over an adjacency list given in the parameters.
function main(params) {
  const graph = params.graph || {};
  const start = params.start;
  if (!(start in graph)) return { error: 'unknown start ' + start };
  const seen = {};
  seen[start] = 0;
  const queue = [start];
  const order = [];
  while (queue.length > 0) {
    const node = queue.shift();
    order.push(node);
    const next = graph[node] || [];
    for (let i = 0; i < next.length; i++) {
      if (next[i] in seen) continue;
      seen[next[i]] = seen[node] + 1;
      queue.push(next[i]);
    }
  }
  return { order, distance: seen };
}
