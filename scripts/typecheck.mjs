// Type-checks each part against its own environment (DESIGN.md §1): Cocos engine types for
// the runtime, editor types for the extension, Node for the server, DOM for the console.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const parts = [
  ['tsconfig.runtime.json', 'assets'],
  ['tsconfig.server.json', 'server'],
  ['tsconfig.editor.json', 'extensions/common-billing/src'],
  ['tsconfig.console.json', 'console/src'],
  ['demo/tsconfig.json', 'demo/src'],
  ['tsconfig.tests.json', 'tests'],
];
let failed = false;
for (const [config, folder] of parts) {
  if (!existsSync(folder)) continue;
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], { stdio: 'inherit' });
    console.log(`typecheck ${config}: ok`);
  } catch {
    console.error(`typecheck ${config}: FAILED`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
