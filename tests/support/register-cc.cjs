// Redirects 'cc' and 'cc/env' to the test double (COCOS.md §5), the way the engine's own
// Jest setup maps its internal modules, and the extension's asset-db mount to its sources.
const Module = require('module');
const path = require('path');

const doubles = {
  cc: path.join(__dirname, '..', 'doubles', 'cc', 'index.ts'),
  'cc/env': path.join(__dirname, '..', 'doubles', 'cc', 'env.ts'),
};
// The extension mounts the runtime SDK as db://common-billing/ (the sample imports it so);
// in tests that is the repository's assets/common-billing/ (tsconfig.base.json "paths").
const MOUNT = 'db://common-billing/';
const mountRoot = path.join(__dirname, '..', '..', 'assets', 'common-billing');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (Object.prototype.hasOwnProperty.call(doubles, request)) return doubles[request];
  if (request.startsWith(MOUNT)) return resolve.call(this, path.join(mountRoot, request.slice(MOUNT.length)), ...rest);
  return resolve.call(this, request, ...rest);
};
