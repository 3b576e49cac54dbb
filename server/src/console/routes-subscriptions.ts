import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../routes/common';
import { security } from '../routes/security';
import { guard } from './auth';
import type { ConsoleDeps } from './deps';
import { loadPlayer } from './player';
import {
  PlayerEntitlements, PlayerQuery, SubscriptionSearchQuery, SubscriptionSearchResponse, SubscriptionStatsQuery, SubscriptionStatsResponse,
} from './subscription-schemas';
import { searchSubscriptions } from './subscription-search';
import { loadSubscriptionStats } from './subscription-stats';

/**
 * Subscriptions and entitlements for support (issue #16). All three only read, so a viewer may
 * use them; nothing here changes a subscription (the stores' own signals do, through the core).
 */
export const subscriptionRoutes: FastifyPluginAsyncTypebox<ConsoleDeps> = async (app, deps) => {
  const { db, now } = deps;
  const viewer = guard(deps, 'viewer');
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/console/api/entitlements', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: PlayerQuery, response: { 200: PlayerEntitlements, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => loadPlayer(db, request.query.appKey, request.query.userKey, now()));

  app.get('/console/api/subscriptions', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: SubscriptionSearchQuery, response: { 200: SubscriptionSearchResponse, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => searchSubscriptions(db, request.query, deps.filters().markets));

  app.get('/console/api/subscriptions/stats', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: SubscriptionStatsQuery, response: { 200: SubscriptionStatsResponse, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => loadSubscriptionStats(db, request.query.from, request.query.to, now()));
};
