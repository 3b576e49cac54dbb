import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { reportTable } from '../conformance/report';
import { runConformance } from '../conformance/runner';

interface ConformanceFlags {
  url: string;
  adminToken?: string;
  simulatorHost?: string;
  bindHost?: string;
  only?: string;
  appConfig?: string;
  json?: boolean;
  jobWait: string;
}

/**
 * `common-billing conformance`: runs the conformance scenarios (server/src/conformance) against
 * a deployment through its public HTTP API and prints a table (or the JSON report). Exit code 1
 * when a scenario failed; "not run" scenarios do not fail the command but are listed.
 */
export function registerConformanceCommand(program: Command): void {
  program
    .command('conformance')
    .description('check a deployment: temporary app, every scenario through the public API, table or --json report (docs/conformance.md)')
    .requiredOption('--url <server>', 'base URL of the billing server to check, e.g. https://billing.staging.example.com')
    .option('--admin-token <token>', 'the target\u2019s admin token (default: $COMMON_BILLING_ADMIN_TOKEN)')
    .option('--simulator-host <host>', 'host name or address under which the target reaches this machine (enables webhook and store-callback scenarios)')
    .option('--bind-host <address>', 'local address the command\u2019s receivers listen on (default 0.0.0.0)')
    .option('--only <ids>', 'comma-separated scenario ids')
    .option('--app-config <file>', 'JSON {"<market>": {settings}}: your production apps\u2019 per-market settings (e.g. notificationAuth), laid over the simulators\u2019 keys')
    .option('--job-wait <seconds>', 'how long to wait for the target\u2019s background jobs (webhook retries)', '180')
    .option('--json', 'print the JSON report instead of the table')
    .action(async (flags: ConformanceFlags) => {
      const adminToken = flags.adminToken ?? process.env.COMMON_BILLING_ADMIN_TOKEN;
      if (!adminToken) throw new Error('--admin-token (or COMMON_BILLING_ADMIN_TOKEN) is required');
      const bar = flags.json || !process.stderr.isTTY ? undefined : new SingleBar({ format: 'conformance [{bar}] {value}/{total} {scenario}', stream: process.stderr }, Presets.shades_classic);
      const report = await runConformance({
        url: flags.url,
        adminToken,
        simulatorHost: flags.simulatorHost,
        bindHost: flags.bindHost,
        marketSettings: flags.appConfig ? readMarketSettings(flags.appConfig) : undefined,
        only: flags.only?.split(',').map((s) => s.trim()).filter(Boolean),
        jobWaitMs: Number(flags.jobWait) * 1000,
        onStart: (total) => bar?.start(total, 0, { scenario: 'creating the temporary app' }),
        onProgress: (done, _total, current) => bar?.update(done, { scenario: `${current.id}: ${current.verdict}` }),
      }).finally(() => bar?.stop());
      process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : reportTable(report)}\n`);
      if (report.failed > 0) process.exitCode = 1;
    });
}

/** `--app-config`: an object of objects, one per market id. */
function readMarketSettings(file: string): Record<string, Record<string, unknown>> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject)) throw new Error(`${file}: expected {"<market>": {settings}, …}`);
  return parsed as Record<string, Record<string, unknown>>;
}
