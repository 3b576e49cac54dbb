import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { errorBody } from '../../../assets/common-billing/protocol/errors/messages';
import { errorResponses } from '../routes/common';
import { findAccountByEmail, normalizeEmail } from './accounts';
import { SessionInfo, SignInBody } from './api-schemas';
import { writeAudit } from './audit';
import { clearSessionCookie, guard, requireSession, sessionOf, setSessionCookie } from './auth';
import type { ConsoleDeps } from './deps';
import { decoyPasswordHash, verifyPassword } from './passwords';
import { createSession, deleteSession } from './sessions';
import { security } from '../routes/security';

/** Sign-in, sign-out and "who am I". */
export const authRoutes: FastifyPluginAsyncTypebox<ConsoleDeps> = async (app, deps) => {
  const { db, now, limiter } = deps;
  const info = (account: { email: string; role: SessionInfo['account']['role'] }, csrfToken: string): SessionInfo =>
    ({ account: { email: account.email, role: account.role }, csrfToken, filters: deps.filters() });

  app.post('/console/api/session', {
    schema: { tags: ['console'], security: security.none, body: SignInBody, response: { 200: SessionInfo, ...errorResponses, 429: errorResponses[401] } },
  }, async (request, reply) => {
    const email = normalizeEmail(request.body.email);
    // The attempt is counted before the password is hashed (see sign-in-limiter.ts).
    const admission = await limiter.admit(email, request.ip);
    if (!admission.admitted) {
      return reply.code(429).header('retry-after', String(Math.ceil(admission.retryAfterMs / 1000)))
        .send(errorBody(new BillingError('RATE_LIMITED', 'Too many sign-in attempts; wait and try again.')));
    }
    let account: Awaited<ReturnType<typeof findAccountByEmail>>;
    let ok: boolean;
    try {
      account = await findAccountByEmail(db, email);
      // Verify against a decoy when the account is unknown, so timing does not reveal which emails exist.
      ok = await verifyPassword(account?.password_hash ?? (await decoyPasswordHash()), request.body.password);
    } finally {
      admission.release();
    }
    if (!account || !ok || Number(account.disabled)) {
      await db.write((tx) => writeAudit(tx, { actor: email, action: 'sign-in-failed', ip: request.ip }, now()));
      throw new BillingError('CREDENTIALS_INVALID');
    }
    await limiter.recordSuccess(email);
    const session = await createSession(db, account.account_id, now(), deps.sessionPolicy);
    await db.write((tx) => writeAudit(tx, { actor: account.email, action: 'sign-in', ip: request.ip }, now()));
    setSessionCookie(request, reply, session.token, deps.sessionPolicy.maxAgeMs);
    return info(account, session.csrfToken);
  });

  app.get('/console/api/me', { schema: { tags: ['console'], security: security.consoleSession, response: { 200: SessionInfo, ...errorResponses } } }, async (request, reply) => {
    // It carries the CSRF token: no cache (browser or proxy) may keep it.
    reply.header('cache-control', 'no-store');
    const session = await requireSession(deps, request);
    return info(session.account, session.csrfToken);
  });

  app.delete('/console/api/session', {
    schema: { tags: ['console'], security: security.consoleSession, response: { 204: Type.Null(), ...errorResponses } },
    preHandler: guard(deps, 'viewer'),
  }, async (request, reply) => {
    const session = sessionOf(request);
    await db.write(async (tx) => {
      await deleteSession(tx, session.tokenHash);
      await writeAudit(tx, { actor: session.account.email, action: 'sign-out', ip: request.ip }, now());
    });
    clearSessionCookie(request, reply);
    return reply.code(204).send(null);
  });
};
