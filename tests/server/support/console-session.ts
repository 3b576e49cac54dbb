import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../../server/src/console/accounts';
import type { ConsoleRole } from '../../../server/src/console/api-schemas';
import type { Database } from '../../../server/src/storage/types';

export interface ConsoleSession {
  /** Headers that authenticate a console call (cookie, and CSRF token for writes). */
  headers: Record<string, string>;
}

/** Creates a console account and signs it in through the real API (`app.inject`). */
export async function consoleSession(app: FastifyInstance, db: Database, now: number, role: ConsoleRole = 'admin'): Promise<ConsoleSession> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.test`;
  const password = 'a long enough password 1234';
  await createAccount(db, { email, password, role }, now);
  const res = await app.inject({ method: 'POST', url: '/console/api/session', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`console sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = [res.headers['set-cookie']].flat().filter((c): c is string => typeof c === 'string').map((c) => c.split(';')[0]).join('; ');
  return { headers: { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken } };
}
