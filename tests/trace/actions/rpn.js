// A reverse Polish calculator with a switch and thrown errors.
function apply(op, a, b) {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new RangeError('division by zero');
      return a / b;
    default:
      throw new Error('unknown operator ' + op);
  }
}

function main(params) {
  const tokens = String(params.expr || '').split(' ');
  const stack = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '') continue;
    const n = Number(t);
    if (!Number.isNaN(n)) {
      stack.push(n);
    } else {
      if (stack.length < 2) throw new Error('stack underflow at ' + t);
      const b = stack.pop();
      const a = stack.pop();
      stack.push(apply(t, a, b));
    }
  }
  return { result: stack.length === 1 ? stack[0] : null, depth: stack.length };
}
