import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { ConformanceReport } from '../../server/src/conformance/types';
import { ADMIN_TOKEN, FAST_JOBS, startLocalTarget, type LocalTarget } from './support';

const run = promisify(execFile);
const BIN = 'server/bin/common-billing.js';

describe('common-billing conformance (the command)', () => {
  let target: LocalTarget;
  before(async () => {
    target = await startLocalTarget({ engine: 'sqlite' });
  });
  after(async () => target?.close());

  it('prints the JSON report with --json and exits 0 when nothing failed', async function () {
    this.timeout(60_000);
    const { stdout } = await run(process.execPath, [BIN, 'conformance', '--url', target.url, '--only', 'replay-across-users,webhook-down-then-up', '--json'], {
      env: { ...process.env, COMMON_BILLING_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    const report = JSON.parse(stdout) as ConformanceReport;
    expect(report).to.include({ target: target.url, passed: 1, failed: 0, notRun: 1 });
    expect(report.results.map((r) => [r.id, r.verdict])).to.deep.equal([['replay-across-users', 'pass'], ['webhook-down-then-up', 'not run']]);
  });

  it('prints the table and exits 1 when a scenario failed', async function () {
    this.timeout(60_000);
    const weak = await startLocalTarget({ engine: 'sqlite' }, { webhooks: { ...FAST_JOBS.webhooks!, maxAttempts: 1 } });
    try {
      const args = [BIN, 'conformance', '--url', weak.url, '--admin-token', ADMIN_TOKEN, '--only', 'consume-twice-concurrently,webhook-down-then-up',
        '--simulator-host', '127.0.0.1', '--bind-host', '127.0.0.1', '--job-wait', '3'];
      const failed = await run(process.execPath, args).then(() => ({ code: 0, stdout: '' }), (e: { code: number; stdout: string }) => e);
      expect(failed.code).to.equal(1);
      expect(failed.stdout).to.match(/^scenario\s+market\s+expected\s+observed\s+result$/m);
      expect(failed.stdout).to.match(/^consume-twice-concurrently\s+sandbox\s+.*PASS$/m);
      expect(failed.stdout).to.match(/^webhook-down-then-up\s+sandbox\s+.*FAIL$/m);
      expect(failed.stdout).to.match(/^1 passed, 1 failed, 0 not run/m);
    } finally {
      await weak.close();
    }
  });
});
