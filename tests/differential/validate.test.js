// Differential: validate (a plain validator returning {error}; strings, numbers, arrays of unexpected types).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
diffTest('validate', {
  train: [
    { name: 'Ada', email: 'Ada@Example.org', age: 36 },
    { name: ' Alan ', email: 'alan@bletchley.uk', age: 41, tags: ['a', 'b', 'c', 'd'] },
    { name: 'x', email: 'nope', age: 5 },
  ],
  inputs: [
    N({ name: 'Grace', email: 'grace@navy.mil', age: 85 }), N({ name: 'Bo', email: 'b@c.de', age: 13 }),
    A({ name: '', email: '', age: 0 }) /* '(no name)': untraced */, N({ name: 'Linus', email: 'l@kernel.org', age: 21, tags: [] }),
    A({ name: 'Teen', email: 't@t.io', age: '17' }), // string age: parseInt branch
    A({ name: 'Old', email: 'o@o.io', age: 'old' }), // NaN
    A({}), A({ name: 5, email: 5, age: 5 }), A({ name: null, email: null, age: null }),
    A({ name: 'Ada', email: 'a@@b.c', age: 30 }), A({ name: 'Ada', email: '@b.c', age: 30 }),
    N({ name: 'Ada', email: 'ada@x.org', age: 30 }), A({ name: 'Ada', email: 'ada@x', age: 30 }),
    A({ name: 'Ada', email: 'ada@x.org', age: 30, tags: 'a,b' }), A({ name: 'Ada', email: 'ada@x.org', age: 30, tags: [1, 2, 3, 4, 5] }),
    A({ name: ['Ada'], email: 'ada@x.org', age: 30 }), A({ name: 'Ada', email: 'ADA@X.ORG', age: 30.5 }),
    N({ name: 'Zoë Ünal', email: 'zoe@ünï.de', age: 99 }), A({ name: 'Ada', email: 'ada@x.org', age: true }),
    A({ name: 'Ada', email: 'ada@x.org', age: 131 }), A({ name: 'Ada', email: 'ada@x.org', age: -1 }),
    A({ name: 'Ada', email: 'ada@x.org', age: 1e400 === Infinity ? 'Infinity' : 0 }),
    N({ name: 'Ada', email: 'ada@x.org', age: 18, tags: ['x'] }), A({ name: 'Ada', email: { at: 1 }, age: 30 }),
    A({ name: '  ', email: 'a@b.c', age: 20 }), N({ name: 'Al', email: 'al@b.co', age: 130 }),
    A({ name: 'Ada', email: 'ada@x.org', age: [30] }), N({ name: 'Kim', email: 'k@x.y', age: 17 }),
    A({ name: 'Ada', email: 'ada@x.org', age: '0x1A' }), N({ name: 'Ada', email: 'ada@x.org', age: 36 }),
    // An own "__proto__" key in the /run value, and one that shadows a field.
    { args: JSON.parse('{"name":"Ada","email":"ada@x.org","age":20,"__proto__":{"admin":true}}') },
    { args: JSON.parse('{"__proto__":{"name":"Proto"},"email":"p@x.org","age":30}') },
  ],
});
