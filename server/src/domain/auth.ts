import type { FastifyRequest } from 'fastify';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { AppRow } from '../storage/repos/apps';
import { configCache, type ConfigCheck } from '../storage/repos/config-cache';
import type { BillingContext } from './context';
import { hashSecret } from './keys';
import { readSessionToken, type SessionClaims } from './tokens';

export const APP_SECRET_PREFIX = 'cbsk';

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer ([\x21-\x7e]{1,1024})$/.exec(h);
  return m?.[1];
}

/** SDK calls before login: `X-App-Key`. */
export async function appFromKey(ctx: BillingContext, request: FastifyRequest): Promise<AppRow> {
  const key = request.headers['x-app-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 128) throw new BillingError('APP_KEY_INVALID');
  const app = await configCache(ctx.db).app(key);
  if (!app) throw new BillingError('APP_KEY_INVALID');
  return app;
}

export interface SessionAuth {
  claims: SessionClaims;
  app: AppRow;
  /** The configuration check made for this request; its later configuration lookups carry it. */
  config: ConfigCheck;
}

export async function requireSession(ctx: BillingContext, request: FastifyRequest): Promise<SessionAuth> {
  const token = bearer(request);
  if (!token) throw new BillingError('UNAUTHENTICATED');
  const claims = readSessionToken(ctx.keys, token, ctx.now());
  const cache = configCache(ctx.db);
  const config = await cache.checked();
  const app = await cache.app(claims.appKey, config);
  if (!app) throw new BillingError('SESSION_INVALID');
  return { claims, app, config };
}

/** Game-server calls: `Authorization: Bearer <app secret key>`, compared by hash. */
export async function requireAppSecret(ctx: BillingContext, request: FastifyRequest): Promise<AppRow> {
  const token = bearer(request);
  if (!token) throw new BillingError('UNAUTHENTICATED');
  const app = await configCache(ctx.db).appBySecretHash(hashSecret(token));
  if (!app) throw new BillingError('APP_SECRET_INVALID');
  return app;
}

/** Consume accepts either model: the game server's secret or (build-in model) the SDK session. */
export async function requireSecretOrSession(ctx: BillingContext, request: FastifyRequest): Promise<{ app: AppRow; userKey?: string }> {
  const token = bearer(request);
  if (token?.startsWith(`${APP_SECRET_PREFIX}_`)) return { app: await requireAppSecret(ctx, request) };
  const session = await requireSession(ctx, request);
  return { app: session.app, userKey: session.claims.userKey };
}
