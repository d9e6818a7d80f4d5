// CPU benchmark action: BFS shortest paths on a 30x30 grid with pseudo-random walls.
// Plain loops and arrays only, as an ordinary OpenWhisk action.
function makeGrid(size, seed, density) {
  const walls = [];
  let s = seed;
  for (let i = 0; i < size * size; i++) {
    s = (s * 16807) % 2147483647; // Park-Miller: the product stays below 2^53, so it is exact
    walls.push(s % 100 < density);
  }
  walls[0] = false;
  walls[size * size - 1] = false;
  return walls;
}

function bfs(walls, size, start, goal) {
  const dist = [];
  for (let i = 0; i < size * size; i++) dist.push(-1);
  const queue = [start];
  dist[start] = 0;
  let head = 0;
  while (head < queue.length) {
    const cell = queue[head];
    head++;
    if (cell === goal) return { steps: dist[cell], explored: head };
    const row = Math.floor(cell / size);
    const col = cell % size;
    const d = dist[cell] + 1;
    if (row > 0 && !walls[cell - size] && dist[cell - size] < 0) {
      dist[cell - size] = d;
      queue.push(cell - size);
    }
    if (row < size - 1 && !walls[cell + size] && dist[cell + size] < 0) {
      dist[cell + size] = d;
      queue.push(cell + size);
    }
    if (col > 0 && !walls[cell - 1] && dist[cell - 1] < 0) {
      dist[cell - 1] = d;
      queue.push(cell - 1);
    }
    if (col < size - 1 && !walls[cell + 1] && dist[cell + 1] < 0) {
      dist[cell + 1] = d;
      queue.push(cell + 1);
    }
  }
  return { steps: -1, explored: head };
}

function main(args) {
  const size = args.size || 30;
  const walls = makeGrid(size, args.seed || 1, args.density || 25);
  let reachable = 0;
  let totalSteps = 0;
  let explored = 0;
  // Shortest paths from the top-left corner to every cell of the last column.
  for (let r = 0; r < size; r++) {
    const goal = r * size + size - 1;
    if (walls[goal]) continue;
    const found = bfs(walls, size, 0, goal);
    explored += found.explored;
    if (found.steps >= 0) {
      reachable++;
      totalSteps += found.steps;
    }
  }
  return { size, reachable, totalSteps, explored };
}
