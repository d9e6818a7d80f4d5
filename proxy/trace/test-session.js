// Test helper: an action instrumented and loaded with a TraceSession that keeps each activation's event list.
'use strict';

const { instrument } = require('./instrument');
const { TraceSession } = require('./recorder');

/** Loads instrumented `code` (its top level run as the module part); returns {session, main, lists, program}. */
function loadTraced(code, options = {}) {
  const { code: out, program } = instrument(code);
  const lists = [];
  const session = new TraceSession(program, { mergeModule() {}, merge: (e) => lists.push([...e]) }, options);
  session.beginModule();
  let main;
  try {
    main = new Function(`${out}\nreturn main;`)();
  } finally {
    session.endModule();
  }
  return { session, main, lists, program };
}

/** One traced activation of a loaded action: main's (awaited) result; its event list joins `lists`. */
async function runTraced(loaded, args) {
  const act = loaded.session.activation();
  try {
    return await act.call(loaded.main, args);
  } finally {
    act.end();
  }
}

module.exports = { loadTraced, runTraced };
