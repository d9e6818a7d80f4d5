'use strict';
// A 'use strict' directive stays first; the hooks come after it.
// inputs: [{"a": 1}]
function main(params) {
  'use strict';
  return { a: params.a };
}
