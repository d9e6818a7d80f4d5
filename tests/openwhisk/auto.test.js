// OpenWhisk's own Node.js runtime tests (./cases.js) against `serve --engine auto` that never compiles
// (CONTAINERLESS_COMPILE_AFTER=0): the native runtime forwarding every request to the Node engine.
'use strict';

require('./cases').registerUpstreamCases('auto');
