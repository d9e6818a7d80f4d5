// OpenWhisk's own Node.js runtime tests (./cases.js) against `serve --engine node`, the stock runtime's behaviour.
'use strict';

require('./cases').registerUpstreamCases('node');
