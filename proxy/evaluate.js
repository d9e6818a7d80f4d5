// Evaluates a text action the way the stock runtime does: direct eval inside a function, in sloppy mode.
//
// This file must stay in sloppy mode (no 'use strict'): eval'd code inherits the strictness of the
// code that evaluates it, and stock actions run sloppy unless they say 'use strict' themselves.
// The parameters below are the only names the action sees besides the globals, like the CommonJS
// wrapper's: the action gets a fresh `module`, and a `require` that finds Node's built-ins and the
// runtime's preinstalled packages.

/**
 * Runs `code` and returns the value named by `main`: a top-level function or variable, then
 * `module.exports[main]`, then `exports[main]`, then a global of that name.
 */
function evaluateActionCode(__containerless_code, __containerless_main, module, exports, require, __filename, __dirname) {
  // The two names above are obscure on purpose: the eval'd code sees them, and `return main`
  // must not find a parameter called `main`.
  return eval(
    '(function(){\n' +
      __containerless_code +
      '\ntry {\n  return ' +
      __containerless_main +
      '\n} catch (e) {\n' +
      "  if (e.name === 'ReferenceError') return module.exports." +
      __containerless_main +
      ' || exports.' +
      __containerless_main +
      '\n  throw e\n}\n})()'
  );
}

module.exports = { evaluateActionCode };
