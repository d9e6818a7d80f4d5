// try/finally and try without a catch parameter; a jump out of a block a finally follows is unsupported; a destructuring catch parameter is destructured first in the catch block.
// inputs: [{"xs": [1, 2, 3]}, {"xs": [4]}, {"xs": "oops"}]
function total(xs) {
  let sum = 0;
  let steps = 0;
  try {
    for (const x of xs) {
      try {
        sum += x;
      } finally {
        steps++;
      }
    }
  } catch {
    sum = -1;
  }
  return { sum, steps };
}

function main(args) {
  const out = total(args.xs);
  let early = 0;
  for (let i = 0; i < 3; i++) {
    try {
      if (i === 1) continue;
      early += i;
    } finally {
      early += 10;
    }
  }
  try {
    out.early = early;
  } catch ({ message }) {
    out.message = message;
  }
  return out;
}
