// A small validator: early returns and a thrown error.
// inputs: [{"email": "a@b.c", "age": 30}, {"age": 30}, {"email": "x", "age": -1}]
function main(params) {
  if (typeof params.email !== 'string') return { ok: false, error: 'email missing' };
  if (params.age < 0) throw new Error('bad age');
  return { ok: true };
}
