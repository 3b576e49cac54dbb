import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConsumeBody,
  ConsumeResponse,
  FinishedResponse,
  PurchaseParams,
  UserPurchasesParams,
  UserPurchasesQuery,
  UserPurchasesResponse,
} from '../../../assets/common-billing/protocol/api';
import { requireAppSecret, requireSecretOrSession, requireSession } from '../domain/auth';
import { consume, markFinished } from '../domain/consume';
import { listUserPurchases } from '../storage/repos/purchases';
import { toPurchase } from '../storage/repos/rows';
import { errorCodeOf } from '../plugins/metrics';
import { errorResponses } from './common';
import { security } from './security';

/** Consume (game server or build-in SDK), finished (SDK) and the purchase log (game server). */
export const purchaseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;

  app.post('/v1/purchases/:purchaseId/consume', {
    schema: {
      tags: ['game-server'],
      security: security.secretOrSession,
      summary: 'Consume once with the payment token (Bearer app secret, or session in the build-in model)',
      params: PurchaseParams,
      body: ConsumeBody,
      response: { 200: ConsumeResponse, ...errorResponses },
    },
  }, async (request) => {
    try {
      const caller = await requireSecretOrSession(ctx, request);
      const result = await consume(ctx, { appKey: caller.app.app_key, userKey: caller.userKey }, request.params.purchaseId, request.body.paymentToken);
      app.metrics.consumes.inc({ result: result.alreadyConsumed ? 'repeat' : 'first' });
      return result;
    } catch (error) {
      app.metrics.consumes.inc({ result: errorCodeOf(error) });
      throw error;
    }
  });

  app.post('/v1/purchases/:purchaseId/finished', {
    schema: { tags: ['sdk'], security: security.session, summary: 'The store-side consume/acknowledge/finish happened (session)', params: PurchaseParams, response: { 200: FinishedResponse, ...errorResponses } },
  }, async (request) => {
    const { app: appRow, claims } = await requireSession(ctx, request);
    return markFinished(ctx, { appKey: appRow.app_key, userKey: claims.userKey }, request.params.purchaseId);
  });

  app.get('/v1/users/:userKey/purchases', {
    schema: {
      tags: ['game-server'],
      security: security.appSecret,
      summary: 'A user\u2019s purchase log (Bearer app secret)',
      params: UserPurchasesParams,
      querystring: UserPurchasesQuery,
      response: { 200: UserPurchasesResponse, ...errorResponses },
    },
  }, async (request) => {
    const appRow = await requireAppSecret(ctx, request);
    const rows = await listUserPurchases(ctx.db, appRow.app_key, request.params.userKey, request.query.state);
    return { purchases: rows.map(toPurchase) };
  });
};
