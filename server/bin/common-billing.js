#!/usr/bin/env node
// Runs the TypeScript CLI (server/src/cli/main.ts) through tsx; no build step for the server.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts');
