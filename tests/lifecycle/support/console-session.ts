import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAccount } from '../../../server/src/console/accounts';
import type { ConsoleRole, SessionInfo } from '../../../server/src/console/api-schemas';

/** A console agent over app.inject: the session cookie and the CSRF token, like the browser keeps them. */
export async function consoleAgent(app: FastifyInstance, email: string, role: ConsoleRole, now: number) {
  const password = `pw-${email}-0123456789`;
  await createAccount(app.billing.db, { email, password, role }, now);
  const signIn = await app.inject({ method: 'POST', url: '/console/api/session', payload: { email, password } });
  if (signIn.statusCode !== 200) throw new Error(`console sign-in failed: ${signIn.statusCode} ${signIn.body}`);
  const csrf = signIn.json<SessionInfo>().csrfToken;
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  return {
    get: (url: string): Promise<LightMyRequestResponse> => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, body: unknown): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf }, payload: body as object }),
  };
}
