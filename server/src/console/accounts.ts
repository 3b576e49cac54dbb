import { randomUUID } from 'node:crypto';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { SqlExecutor, Database } from '../storage/types';
import type { ConsoleRole } from './api-schemas';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';

export const CONSOLE_ROLES: readonly ConsoleRole[] = ['viewer', 'support', 'admin'];

export interface AccountRow {
  account_id: string;
  email: string;
  password_hash: string;
  role: ConsoleRole;
  disabled: number;
}

export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

/** Emails are compared case-insensitively: stored and looked up in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findAccountByEmail(db: SqlExecutor, email: string): Promise<AccountRow | undefined> {
  return db.get<AccountRow>('SELECT * FROM console_accounts WHERE email = ?', [normalizeEmail(email)]);
}

export async function findAccountById(db: SqlExecutor, accountId: string): Promise<AccountRow | undefined> {
  return db.get<AccountRow>('SELECT * FROM console_accounts WHERE account_id = ?', [accountId]);
}

/**
 * Creates an account, or (with `replace`) resets the password and role of an existing one.
 * Used by the CLI and by the demo seed.
 */
export async function createAccount(
  db: Database,
  input: { email: string; password: string; role: string; replace?: boolean },
  now: number,
): Promise<{ accountId: string; created: boolean }> {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new BillingError('VALIDATION_FAILED', `Not an email address: ${input.email}`);
  if (!isConsoleRole(input.role)) throw new BillingError('VALIDATION_FAILED', `Role must be one of ${CONSOLE_ROLES.join(', ')}.`);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new BillingError('VALIDATION_FAILED', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const role = input.role;
  const hash = await hashPassword(input.password);
  return db.write(async (tx) => {
    const existing = await tx.get<{ account_id: string }>('SELECT account_id FROM console_accounts WHERE email = ?', [email]);
    if (existing) {
      if (!input.replace) throw new BillingError('CONFLICT', `A console account for ${email} already exists.`);
      await tx.run('UPDATE console_accounts SET password_hash = ?, role = ?, disabled = 0, updated_at = ? WHERE account_id = ?', [hash, role, now, existing.account_id]);
      // A reset password ends every open session of that account.
      await tx.run('DELETE FROM console_sessions WHERE account_id = ?', [existing.account_id]);
      return { accountId: existing.account_id, created: false };
    }
    const accountId = randomUUID();
    await tx.run(
      'INSERT INTO console_accounts (account_id, email, password_hash, role, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
      [accountId, email, hash, role, now, now],
    );
    return { accountId, created: true };
  });
}

export async function listAccounts(db: SqlExecutor): Promise<{ email: string; role: string; disabled: number }[]> {
  return db.all('SELECT email, role, disabled FROM console_accounts ORDER BY email');
}
