// The full test suite: type-check every part, lint, run every mocha suite, then the native
// checks (javac + JUnit, clang -fsyntax-only) when their folders exist.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['typecheck', 'node', ['scripts/typecheck.mjs']],
  ['lint', 'node', ['node_modules/eslint/bin/eslint.js', '.']],
  ['build', 'node', ['node_modules/@rollup/wasm-node/dist/bin/rollup', '-c']],
];
if (existsSync('tests/native/run.sh')) steps.push(['native', 'bash', ['tests/native/run.sh']]);
// Last, so that its closing line ("tests: N passed, N failed, N skipped") ends the output.
steps.push(['mocha', 'node', ['node_modules/mocha/bin/mocha.js']]);

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  if (name === 'build' && !existsSync('rollup.config.mjs')) continue;
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status === 0) passed++;
  else {
    failed++;
    console.error(`=== ${name} FAILED (exit ${r.status})`);
  }
}
console.log(`\nsteps ok: ${passed}; steps failed: ${failed}`);
process.exit(failed ? 1 : 0);
