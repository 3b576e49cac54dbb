import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { Database } from '../storage/types';
import type { ConsoleRole } from './api-schemas';
import { csrfMatches, readSession, type ActiveSession, type SessionPolicy } from './sessions';

export const SESSION_COOKIE = 'cb_console';
export const COOKIE_PATH = '/console';
export const CSRF_HEADER = 'x-csrf-token';

const RANK: Record<ConsoleRole, number> = { viewer: 1, support: 2, admin: 3 };

export function roleAtLeast(role: ConsoleRole, need: ConsoleRole): boolean {
  return RANK[role] >= RANK[need];
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: ActiveSession;
  }
}

export interface AuthDeps {
  db: Database;
  now(): number;
  sessionPolicy: SessionPolicy;
}

/** The signed-in session of a request, or a 401. */
export async function requireSession(deps: AuthDeps, request: FastifyRequest): Promise<ActiveSession> {
  const token = request.cookies[SESSION_COOKIE];
  const session = token ? await readSession(deps.db, token, deps.now(), deps.sessionPolicy) : undefined;
  if (!session) throw new BillingError('UNAUTHENTICATED', 'Sign in to the console first.');
  return session;
}

/**
 * preHandler for a console route: a live session, a role at least `need`, and for every
 * method other than GET the session's CSRF token in `X-CSRF-Token`. The session cookie is
 * SameSite=Strict as well; the token also covers browsers and proxies that ignore SameSite.
 */
export function guard(deps: AuthDeps, need: ConsoleRole) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const session = await requireSession(deps, request);
    if (request.method !== 'GET' && request.method !== 'HEAD' && !csrfMatches(session.csrfToken, request.headers[CSRF_HEADER])) {
      throw new BillingError('CSRF_TOKEN_INVALID');
    }
    if (!roleAtLeast(session.account.role, need)) {
      throw new BillingError('FORBIDDEN', `This needs the ${need} role; you are ${session.account.role}.`);
    }
    request.consoleSession = session;
  };
}

/** The session a guarded handler runs under (the guard put it there). */
export function sessionOf(request: FastifyRequest): ActiveSession {
  if (!request.consoleSession) throw new BillingError('UNAUTHENTICATED');
  return request.consoleSession;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}
