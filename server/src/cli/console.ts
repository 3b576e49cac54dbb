import type { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { createAccount, CONSOLE_ROLES, listAccounts } from '../console/accounts';
import { MIN_PASSWORD_LENGTH } from '../console/passwords';
import type { Database } from '../storage/types';

type WithDatabase = <T>(opts: { config?: string }, fn: (rt: { db: Database }) => Promise<T>) => Promise<T>;

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/**
 * `common-billing console users create <email> --role <role>` and `console users list`.
 * Without --password-stdin a strong password is generated and printed once.
 */
export function registerConsoleCommands(program: Command, configOption: Option, withRuntime: WithDatabase): void {
  const users = program.command('console').description('support console').command('users').description('console accounts');
  users
    .command('create <email>')
    .description(`create a console account (roles: ${CONSOLE_ROLES.join(', ')}); prints a generated password once`)
    .addOption(configOption)
    .requiredOption('--role <role>', CONSOLE_ROLES.join(' | '))
    .option('--password-stdin', `read the password (at least ${MIN_PASSWORD_LENGTH} characters) from the first line of stdin`)
    .option('--reset', 'if the account exists, set its role and password (ends its sessions)')
    .action(async (email: string, opts: { config?: string; role: string; passwordStdin?: boolean; reset?: boolean }) =>
      withRuntime(opts, async (rt) => {
        const generated = !opts.passwordStdin;
        const password = generated ? randomBytes(15).toString('base64url') : await readStdinLine();
        const r = await createAccount(rt.db, { email, password, role: opts.role, replace: opts.reset }, Date.now());
        const result: Record<string, unknown> = { email: email.trim().toLowerCase(), role: opts.role, created: r.created };
        if (generated) result.password = password;
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      }),
    );
  users
    .command('list')
    .description('list console accounts (no secrets)')
    .addOption(configOption)
    .action(async (opts: { config?: string }) =>
      withRuntime(opts, async (rt) => {
        const rows = await listAccounts(rt.db);
        process.stdout.write(`${JSON.stringify(rows.map((r) => ({ email: r.email, role: r.role, disabled: Boolean(Number(r.disabled)) })), null, 2)}\n`);
      }),
    );
}
