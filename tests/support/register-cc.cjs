// Redirects 'cc' and 'cc/env' to the test double (COCOS.md §5), the way the engine's own
// Jest setup maps its internal modules.
const Module = require('module');
const path = require('path');

const doubles = {
  cc: path.join(__dirname, '..', 'doubles', 'cc', 'index.ts'),
  'cc/env': path.join(__dirname, '..', 'doubles', 'cc', 'env.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return Object.prototype.hasOwnProperty.call(doubles, request) ? doubles[request] : resolve.call(this, request, ...rest);
};
