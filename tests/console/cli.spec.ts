import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findAccountByEmail } from '../../server/src/console/accounts';
import { verifyPassword } from '../../server/src/console/passwords';
import { openDatabase } from '../../server/src/storage/open';

const BIN = resolve(__dirname, '..', '..', 'server', 'bin', 'common-billing.js');

/** `common-billing console users …` run as a real process against a real config and SQLite file. */
describe('CLI: common-billing console users', function () {
  this.timeout(120_000);
  let dir: string;
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args, '--config', join(dir, 'cb.json')], { cwd: dir, input, encoding: 'utf8' });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cb-console-cli-'));
    execFileSync(process.execPath, [BIN, 'init', '--config', join(dir, 'cb.json'), '--sqlite', join(dir, 'billing.sqlite')], { cwd: dir, stdio: 'ignore' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates accounts with an argon2id hash (generated password printed once, or read from stdin), refuses bad roles and duplicates, lists them', async function () {
    const created = run(['console', 'users', 'create', 'Agent@Example.com', '--role', 'support']);
    expect(created.status, created.stderr).to.equal(0);
    const printed = JSON.parse(created.stdout) as { email: string; role: string; password: string };
    expect(printed).to.include({ email: 'agent@example.com', role: 'support' });
    expect(printed.password).to.have.length.greaterThanOrEqual(16);

    expect(run(['console', 'users', 'create', 'boss@example.com', '--role', 'admin', '--password-stdin'], 'correct horse battery staple\n').status).to.equal(0);
    const badRole = run(['console', 'users', 'create', 'x@example.com', '--role', 'owner']);
    expect(badRole.status).to.equal(1);
    expect(badRole.stderr).to.include('Role must be one of viewer, support, admin');
    const duplicate = run(['console', 'users', 'create', 'agent@example.com', '--role', 'viewer']);
    expect(duplicate.status).to.equal(1);
    expect(duplicate.stderr).to.include('already exists');
    const shortPassword = run(['console', 'users', 'create', 'y@example.com', '--role', 'viewer', '--password-stdin'], 'short\n');
    expect(shortPassword.status).to.equal(1);

    const list = run(['console', 'users', 'list']);
    expect(JSON.parse(list.stdout)).to.deep.equal([
      { email: 'agent@example.com', role: 'support', disabled: false },
      { email: 'boss@example.com', role: 'admin', disabled: false },
    ]);

    const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'billing.sqlite') });
    try {
      const agent = await findAccountByEmail(db, 'agent@example.com');
      expect(agent?.password_hash).to.match(/^\$argon2id\$v=19\$/);
      expect(await verifyPassword(agent!.password_hash, printed.password)).to.equal(true);
      const boss = await findAccountByEmail(db, 'boss@example.com');
      expect(await verifyPassword(boss!.password_hash, 'correct horse battery staple')).to.equal(true);
    } finally {
      await db.close();
    }
  });
});
