// Loads the native trace recorder (build/Release/containerless_addon.node) and says how to build it.
'use strict';

const path = require('node:path');

const file = path.join(__dirname, '..', 'build', 'Release', 'containerless_addon.node');

function load() {
  try {
    return require(file);
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `containerless addon: ${file} is not built; run "make build" or, at the repository ` +
          'root, "npx node-gyp rebuild --nodedir=/usr"',
        { cause: err },
      );
    }
    throw err;
  }
}

const binding = load();

module.exports = {
  // new Recorder(programJson, { codeSha256, entry }): docs/trace-ir.md section 7.
  Recorder: binding.Recorder,
  // The trace document's version (docs/trace-ir.md section 8).
  TRACE_VERSION: binding.TRACE_VERSION,
};
