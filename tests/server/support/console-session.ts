import type { FastifyInstance } from 'fastify';
import { createAccount, findAccountByEmail } from '../../../server/src/console/accounts';
import type { ConsoleRole } from '../../../server/src/console/api-schemas';
import { SESSION_COOKIE } from '../../../server/src/console/auth';
import { createSession, DEFAULT_SESSION_POLICY } from '../../../server/src/console/sessions';
import type { Database } from '../../../server/src/storage/types';

export interface ConsoleSession {
  /** Headers that authenticate a console call (cookie, and CSRF token for writes); `renew` updates them in place. */
  headers: Record<string, string>;
  /** A new session for the same account without another sign-in (argon2 costs ~0.1 s). */
  renew(): Promise<void>;
}

/** Creates a console account and signs it in through the real API (`app.inject`). */
export async function consoleSession(app: FastifyInstance, db: Database, now: number, role: ConsoleRole = 'admin'): Promise<ConsoleSession> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.test`;
  const password = 'a long enough password 1234';
  await createAccount(db, { email, password, role }, now);
  const res = await app.inject({ method: 'POST', url: '/console/api/session', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`console sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = [res.headers['set-cookie']].flat().filter((c): c is string => typeof c === 'string').map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
  return {
    headers,
    async renew() {
      const account = await findAccountByEmail(db, email);
      const session = await createSession(db, account!.account_id, now, DEFAULT_SESSION_POLICY);
      headers.cookie = `${SESSION_COOKIE}=${session.token}`;
      headers['x-csrf-token'] = session.csrfToken;
    },
  };
}
