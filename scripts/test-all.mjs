// The full test suite: type-check every part, lint, build, the native checks (javac + JUnit,
// clang -fsyntax-only) when their folder exists, then every mocha suite.
// The steps before mocha are independent single-threaded tools, so they run side by side, one
// per core; each one's output is held and printed whole, in the order below, so logs stay
// readable. Mocha runs alone at the end (its crash check uses every core by itself).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const checks = [
  ['typecheck', 'node', ['scripts/typecheck.mjs']],
  ['lint', 'node', ['node_modules/eslint/bin/eslint.js', '.']],
];
if (existsSync('rollup.config.mjs')) checks.push(['build', 'node', ['node_modules/@rollup/wasm-node/dist/bin/rollup', '-c']]);
if (existsSync('tests/native/run.sh')) checks.push(['native', 'bash', ['tests/native/run.sh']]);

let passed = 0;
let failed = 0;
function report(name, status, seconds) {
  if (status === 0) passed++;
  else {
    failed++;
    console.error(`=== ${name} FAILED (exit ${status})`);
  }
  console.log(`=== ${name}: ${seconds.toFixed(1)} s`);
}

/** Runs a step with its output (stdout and stderr interleaved as written) held until it ends. */
function runHeld([name, cmd, args]) {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => resolve({ name, status: code ?? 1, output: Buffer.concat(chunks), seconds: (performance.now() - started) / 1000 }));
  });
}

/** At most `lanes` steps at once, started in list order; printed in list order as they finish. */
async function runSideBySide(steps, lanes) {
  const gates = steps.map(() => {
    let open;
    const started = new Promise((resolve) => (open = resolve));
    return { started, open };
  });
  let next = 0;
  const lane = async () => {
    while (next < steps.length) {
      const i = next++;
      const result = runHeld(steps[i]);
      gates[i].open(result);
      await result;
    }
  };
  const running = Promise.all(Array.from({ length: Math.min(lanes, steps.length) }, lane));
  for (const gate of gates) {
    const { name, status, output, seconds } = await gate.started;
    console.log(`\n=== ${name}`);
    process.stdout.write(output);
    report(name, status, seconds);
  }
  await running;
}

await runSideBySide(checks, availableParallelism());

// Last, so that its closing line ("tests: N passed, N failed, N skipped") ends the output.
console.log('\n=== mocha');
const started = performance.now();
const mocha = spawn('node', ['node_modules/mocha/bin/mocha.js'], { stdio: 'inherit', env: process.env });
const status = await new Promise((resolve) => mocha.on('close', (code) => resolve(code ?? 1)));
report('mocha', status, (performance.now() - started) / 1000);

console.log(`\nsteps ok: ${passed}; steps failed: ${failed}`);
process.exit(failed ? 1 : 0);
