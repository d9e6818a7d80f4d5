// A REST-style router: method and path select a handler from a table.
const users = { '1': { id: 1, name: 'Ann' }, '2': { id: 2, name: 'Bob' } };

function notFound(path) {
  return { statusCode: 404, body: { error: 'no route for ' + path } };
}

function listUsers() {
  const out = [];
  const ids = Object.keys(users);
  for (let i = 0; i < ids.length; i++) out.push(users[ids[i]].name);
  return { statusCode: 200, body: { users: out } };
}

function getUser(params) {
  const user = users[params.id];
  if (!user) return notFound('/users/' + params.id);
  return { statusCode: 200, body: user };
}

function createUser(params) {
  if (typeof params.name !== 'string' || params.name.length === 0) {
    return { statusCode: 400, body: { error: 'name required' } };
  }
  return { statusCode: 201, body: { id: 3, name: params.name } };
}

const routes = { 'GET /users': listUsers, 'GET /user': getUser, 'POST /users': createUser };

function main(params) {
  const method = (params.__ow_method || 'get').toUpperCase();
  const path = params.__ow_path || '/';
  const handler = routes[method + ' ' + path];
  if (handler === undefined) return notFound(path);
  return handler(params);
}
