import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Builds the console UI with the project's own rollup config, so the browser tests run today's source. */
export function buildConsoleUi(): void {
  execFileSync(process.execPath, [resolve(ROOT, 'node_modules/@rollup/wasm-node/dist/bin/rollup'), '-c', 'rollup/console.mjs', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}
