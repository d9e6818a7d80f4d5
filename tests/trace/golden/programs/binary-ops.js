// Arithmetic, comparison, equality, bitwise and `in` operators.
// inputs: [{"a": 7, "b": 2}, {"a": "7", "b": 2}]
function main(params) {
  const a = params.a;
  const b = params.b;
  return {
    add: a + b, sub: a - b, mul: a * b, div: a / b, mod: a % b, pow: b ** 3,
    eq: a == 7, seq: a === 7, ne: a != b, lt: a < b, ge: a >= b,
    and: a & b, or: a | b, xor: a ^ b, shl: a << b, shr: -a >> b, ushr: -a >>> 28,
    has: 'a' in params,
  };
}
