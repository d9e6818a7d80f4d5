// switch: case tests in order, fall-through, default in the middle, break.
// inputs: [{"op": "add"}, {"op": "sub"}, {"op": "mul"}, {"op": "other"}, {"op": 3}]
function main(params) {
  const log = [];
  switch (params.op) {
    case 'add':
      log.push('add');
    case 'sub':
      log.push('sub');
      break;
    default:
      log.push('default');
    case 'mul': {
      log.push('mul');
      break;
    }
    case 3:
      log.push('three');
  }
  return { log };
}
