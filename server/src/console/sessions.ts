import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, SqlExecutor } from '../storage/types';
import type { AccountRow } from './accounts';

export interface SessionPolicy {
  /** Absolute lifetime of a session, ms. */
  maxAgeMs: number;
  /** A session unused for this long is over, ms. */
  idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { maxAgeMs: 12 * 3600_000, idleMs: 2 * 3600_000 };

/** Only the SHA-256 of the cookie's token is stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Database, accountId: string, now: number, policy: SessionPolicy): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = now + policy.maxAgeMs;
  await db.write(async (tx) => {
    await tx.run('DELETE FROM console_sessions WHERE expires_at <= ?', [now]);
    await tx.run(
      'INSERT INTO console_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      [tokenHash(token), accountId, csrfToken, now, now, expiresAt],
    );
  });
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  account: Pick<AccountRow, 'account_id' | 'email' | 'role'>;
}

/** The session behind a cookie token, or undefined when unknown, expired, idle or disabled. */
export async function readSession(db: Database, token: string, now: number, policy: SessionPolicy): Promise<ActiveSession | undefined> {
  const hash = tokenHash(token);
  const row = await db.get<{ csrf_token: string; last_seen_at: number; expires_at: number; account_id: string; email: string; role: AccountRow['role']; disabled: number }>(
    `SELECT s.csrf_token, s.last_seen_at, s.expires_at, a.account_id, a.email, a.role, a.disabled
     FROM console_sessions s JOIN console_accounts a ON a.account_id = s.account_id WHERE s.token_hash = ?`,
    [hash],
  );
  if (!row || Number(row.disabled) || Number(row.expires_at) <= now || Number(row.last_seen_at) + policy.idleMs <= now) return undefined;
  // Refresh the idle clock at most once a minute, so reads stay reads.
  if (now - Number(row.last_seen_at) > 60_000) {
    await db.write((tx) => tx.run('UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?', [now, hash]));
  }
  return { tokenHash: hash, csrfToken: row.csrf_token, account: { account_id: row.account_id, email: row.email, role: row.role } };
}

export async function deleteSession(tx: SqlExecutor, hash: string): Promise<void> {
  await tx.run('DELETE FROM console_sessions WHERE token_hash = ?', [hash]);
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
