// Seeded input generators for the realistic actions of the equivalence test, one per action file.
'use strict';

const WORDS = ['alpha', 'beta', 'Gamma', 'delta', 'x', '', 'Ünïcode', 'e\u0301', '😀', 'a b', 'A', 'zz'];

function value(r, depth = 0) {
  switch (r.int(0, depth > 2 ? 4 : 7)) {
    case 0: return r.int(-100, 100);
    case 1: return r.pick(WORDS);
    case 2: return r.chance(0.5);
    case 3: return null;
    case 4: return r.pick([0, -0, 1.5, 1e21, -1e-7, NaN, Infinity]);
    case 5: return Array.from({ length: r.int(0, 3) }, () => value(r, depth + 1));
    default: {
      const o = {};
      for (let i = r.int(0, 3); i > 0; i--) o[r.pick(['a', 'b', 'c', '1', 'name', 'x'])] = value(r, depth + 1);
      return o;
    }
  }
}

function text(r, n) {
  return Array.from({ length: n }, () => r.pick(WORDS)).join(r.pick([' ', ' ', '  ']));
}

module.exports = {
  router: (r) => ({
    __ow_method: r.pick(['get', 'GET', 'post', 'delete', undefined]),
    __ow_path: r.pick(['/users', '/user', '/', '/nope', undefined]),
    id: r.pick(['1', '2', '3', undefined]),
    name: r.pick(['Zed', '', 5, undefined]),
  }),
  validator: (r) => ({
    email: r.pick(['a@b.co', 'bad', 'x@y.org', undefined, 42]),
    age: r.pick([12, 13, 40, 131, '30', undefined]),
    name: r.pick(['A', 'Ann', 'A very long name indeed!!', undefined, '']),
    password: r.pick(['short1', 'longenough', 'longenough9', undefined, null, 12345678]),
  }),
  'order-summary': (r) => ({
    lines: Array.from({ length: r.int(0, 5) }, () => ({ sku: r.pick(['a', 'b', 'c']), qty: r.pick([0, 1, 3, 10, 12, undefined]), price: r.pick([1, 2.5, 9.99, 100]) })),
  }),
  'sales-rollup': (r) => ({
    sales: r.chance(0.1)
      ? r.pick([undefined, 'oops', [null]])
      : Array.from({ length: r.int(0, 5) }, () => {
          const sale = { region: r.pick(['north', 'south', 'east', undefined]), amount: r.pick([0, 150, 99, 12345, undefined, '7']) };
          if (r.chance(0.6)) sale.tags = r.pick([[], ['new'], ['a', 'b', 'c'], 'xy', [undefined, 'z']]);
          if (r.chance(0.3)) sale.note = value(r);
          return sale;
        }),
    region: r.pick([undefined, 'north', 'west']),
    currency: r.pick([undefined, 'USD', 5]),
    sign: r.pick([undefined, '+', '']),
    ...(r.chance(0.1) ? { format: null } : {}),
  }),
  'word-count': (r) => ({ text: text(r, r.int(0, 12)), top: r.pick([1, 3, 5, undefined]) }),
  primes: (r) => ({ n: r.pick([0, 1, 2, 10, 97, 100, r.int(0, 3000), '50', -5, undefined]) }),
  'fizzbuzz-log': (r) => ({ n: r.int(0, 40) }),
  'csv-parse': (r) => {
    const header = 'name, age ,city';
    const rows = Array.from({ length: r.int(0, 4) }, () => [r.pick(['ann', 'bob', '']), r.pick(['3', ' 4.5', 'x', '']), r.pick(['Oslo', 'Rome'])].slice(0, r.int(1, 3)).join(','));
    return { csv: [header, ...rows].join('\n') + (r.chance(0.3) ? '\n' : '') };
  },
  'template-render': (r) => ({
    template: r.pick(['Hello {{ name }}!', '{{a}}{{b}} and {{missing}}', 'no braces', 'open {{ never', '{{a}}}}', undefined]),
    vars: { name: r.pick(['Ann', 3, null]), a: value(r), b: 'B' },
  }),
  matrix: (r) => {
    const n = r.int(1, 3);
    const m = () => Array.from({ length: n }, () => Array.from({ length: n }, () => r.int(-5, 5)));
    return r.chance(0.1) ? { a: [] } : { a: m(), b: r.chance(0.5) ? m() : undefined };
  },
  'fib-memo': (r) => ({ n: r.pick([0, 1, 2, 10, 30, 70, 80, r.int(0, 50)]) }),
  'state-counter': (r) => ({ tag: r.pick(['a', 'b', undefined]) }),
  'product-search': (r) => ({
    q: r.pick(['', 'red', 'Red Shoe', '  blue  ', 'shoe', 'x', undefined, 7]),
    max: r.pick([10, 50, 0, 99.5, undefined, '20']),
    products: r.chance(0.1)
      ? r.pick([undefined, {}, 'none'])
      : Array.from({ length: r.int(0, 6) }, () =>
          r.chance(0.08) ? r.pick([null, 3, 'shoe']) : { name: r.pick(['Red Shoe', 'blue shoe', 'RED hat', 'Blue', '', undefined, 5]), price: r.pick([0, 5, 19.99, 45, 120, undefined]) }),
  }),
  'grade-report': (r) => ({
    pass: r.pick([50, 40, 60, undefined, '50']),
    students: r.chance(0.05)
      ? undefined
      : Array.from({ length: r.int(0, 5) }, () =>
          r.chance(0.03) ? null : { name: r.pick(['Ann', 'Bob', 'Cy', undefined]), scores: r.chance(0.1) ? r.pick([undefined, 'A', {}]) : Array.from({ length: r.int(0, 4) }, () => r.pick([0, 35, 50, 72, 88, 100, '90', null])) }),
  }),
  'deep-merge': (r) => ({ base: value(r), patch: value(r) }),
  slugify: (r) => ({ title: r.pick([text(r, r.int(0, 6)), 'Hello, World!', '--x--', undefined, 42]) }),
  rpn: (r) => ({ expr: r.pick(['1 2 +', '3 4 * 2 -', '1 0 /', '1 +', '2 3 ^', '', '5', '6 2 / 3 *', ' 1  2  + ']) }),
  pagination: (r) => ({
    items: r.chance(0.2) ? undefined : Array.from({ length: r.int(0, 25) }, (_, i) => i),
    pageSize: r.pick([undefined, 5, 10, 0, -1, '5']),
    page: r.pick([undefined, 0, 1, 2, 3, 99]),
  }),
  cart: (r) => ({
    ops: Array.from({ length: r.int(0, 5) }, () => ({ type: r.pick(['add', 'add', 'remove', 'clear']), sku: r.pick(['a', 'b']), qty: r.pick([1, 2, 0, -1, '2']) })),
  }),
  'business-hours': (r) => ({ minuteOfWeek: r.pick([r.int(0, 10079), -30, 20000, undefined, 540 + 1440]) }),
  caesar: (r) => ({ text: r.pick([text(r, 3), 'Hello, World!', 'xyz ABC', undefined]), k: r.int(-30, 30), check: r.chance(0.5) }),
  'graph-bfs': (r) => ({
    graph: { a: ['b', 'c'], b: ['d'], c: ['d', 'a'], d: r.chance(0.5) ? ['e'] : [], e: [] },
    start: r.pick(['a', 'b', 'd', 'zz']),
  }),
  errors: (r) => ({
    kind: r.pick(['missing-method', 'missing-method-args', 'missing-function', 'undefined-property', 'not-callable', 'string', 'object', 'range', 'nested', 'none']),
    json: r.pick(['{"a":1}', '{bad', '[]']),
  }),
  logger: (r) => {
    const o = {};
    for (let i = r.int(0, 4); i > 0; i--) o[r.pick(['a', 'b', 'n', 'list', 'deep'])] = value(r);
    return o;
  },
  inventory: (r) => ({
    stock: r.chance(0.1) ? undefined : Object.fromEntries(Array.from({ length: r.int(0, 5) }, (_, i) => [`sku${i}`, r.pick([0, 1, 4, 5, 50, 101, -1, '3'])])),
    limits: r.pick([undefined, { low: 2 }, { high: 10 }, { low: 1, high: 1000 }]),
    owner: r.pick([undefined, null, { email: 'a@b.c' }, { address: { city: 'Oslo' } }, { address: null }]),
  }),
  'http-router': (r) => ({
    __ow_method: r.pick(['get', 'post', 'delete', 'patch', undefined, 5]),
    __ow_headers: r.pick([undefined, {}, { authorization: 'Bearer x' }]),
    __ow_query: r.pick([undefined, '', 'a=1&b=x%20y', 'flag&c=3', 'bad=%E0%A4%A']),
    name: r.pick([undefined, 'widget']),
  }),
  'async-steps': (r) => ({ xs: Array.from({ length: r.int(0, 4) }, () => r.int(0, 30)) }),
};
