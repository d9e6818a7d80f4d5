// Differential: router (a web action over __ow_method/__ow_path: GET, POST, 404, 405, backend errors).
'use strict';
const { diffTest } = require('./harness');

const N = (args) => ({ args, native: true });
const A = (args) => ({ args });
const req = (method, path, extra = {}) => ({ __ow_method: method, __ow_path: path, __ow_headers: { accept: 'application/json' }, ...extra });
diffTest('router', {
  train: [req('get', '/users/1'), req('get', '/users/2'), req('get', '/users/42')],
  inputs: [
    N(req('get', '/users/3')), N(req('get', '/users/1')), N(req('GET', '/users/2')),
    A(req('get', '/users/77')), // 404 from the backend
    A(req('get', '/users/boom')), // 500 from the backend
    A(req('get', '/health')), A(req('get', '/nope')), A(req('get', '/users')), A(req('get', '/users/')),
    A(req('post', '/users', { name: 'Ada' })), A(req('post', '/users')), A(req('delete', '/users/1')),
    N(req('get', '/users/42')),
    A({ __ow_path: '/users/1' }), A({ __ow_method: 'get' }), A({}),
    A(req('put', '/users/2')), A(req('post', '/users', { name: 'Zoë ✓' })),
    N(req('get', '/users/3')), A(req('get', '/users/busy')),
    A({ __ow_method: 5, __ow_path: '/users/1' }), A({ __ow_method: 'get', __ow_path: 7 }),
    A(req('get', '/health/x')), N(req('Get', '/users/1')), A(req('get', '//users/1')),
    A(req('get', '/users/1/orders')), N(req('get', '/users/2')), A(req('patch', '/x')),
    A(req('post', '/users', { name: '' })), N(req('get', '/users/42')),
  ],
  // (No rerun after the recompilation: few of these inputs' paths become native; it saves time.)
  recompile: false,
});
