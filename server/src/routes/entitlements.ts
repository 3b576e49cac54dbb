import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EntitlementsParams, EntitlementsResponse } from '../../../assets/common-billing/protocol/entitlements';
import { requireAppSecret, requireSession } from '../domain/auth';
import { loadEntitlements } from '../domain/entitlements';
import { errorResponses } from './common';
import { security } from './security';

/** What a player has now: the game server asks for any player, the SDK for its session's player. */
export const entitlementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;

  app.get('/v1/users/:userKey/entitlements', {
    schema: {
      tags: ['game-server'],
      security: security.appSecret,
      summary: 'A player\u2019s entitlements: non-consumables (never expiring) and subscriptions, one per entitlement group (Bearer app secret)',
      params: EntitlementsParams,
      response: { 200: EntitlementsResponse, ...errorResponses },
    },
  }, async (request) => {
    const appRow = await requireAppSecret(ctx, request);
    return loadEntitlements(ctx.db, appRow.app_key, request.params.userKey, ctx.now());
  });

  app.get('/v1/entitlements', {
    schema: { tags: ['sdk'], security: security.session, summary: 'The session player\u2019s entitlements (session)', response: { 200: EntitlementsResponse, ...errorResponses } },
  }, async (request) => {
    const { app: appRow, claims } = await requireSession(ctx, request);
    return loadEntitlements(ctx.db, appRow.app_key, claims.userKey, ctx.now());
  });
};
