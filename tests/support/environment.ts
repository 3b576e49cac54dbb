import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Suites that need a real PostgreSQL or a real Chromium say so and skip on a machine that
 * lacks them; under CI (CI=true) a missing one is a failure, never a silent skip.
 */
function unavailable(ctx: Mocha.Context, what: string): never {
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI but is not available`);
  console.warn(`      (skipped: ${what} is not available on this machine)`);
  ctx.skip();
}

/** The PostgreSQL URL for tests, or a skip (a failure under CI). Call from a `before` hook. */
export function requirePostgres(ctx: Mocha.Context): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) unavailable(ctx, 'PostgreSQL (TEST_DATABASE_URL)');
  return url;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium for playwright-core, or a skip (a failure under CI). */
export function requireChromium(ctx: Mocha.Context): string {
  if (!existsSync(CHROMIUM_PATH)) unavailable(ctx, `Chromium (${CHROMIUM_PATH})`);
  return CHROMIUM_PATH;
}

/** Launch flags that keep Chromium off the (closed) network and working as root. */
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Debian's promtool (package prometheus), or a skip (a failure under CI). */
export function requirePromtool(ctx: Mocha.Context): string {
  if (!hasCommand('promtool')) unavailable(ctx, 'promtool (Debian package prometheus)');
  return 'promtool';
}
