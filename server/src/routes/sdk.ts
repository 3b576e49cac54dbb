import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateSessionBody,
  CreateSessionResponse,
  ProductsQuery,
  ProductsResponse,
  ReservePurchaseBody,
  ReservePurchaseResponse,
  SubmitReceiptBody,
  SubmitReceiptResponse,
} from '../../../assets/common-billing/protocol/api';
import { appFromKey, requireSession } from '../domain/auth';
import { submitReceipt } from '../domain/receipts';
import { reservePurchase } from '../domain/reservations';
import { createSession } from '../domain/sessions';
import { listProducts, toProduct } from '../storage/repos/products';
import { Metrics, errorCodeOf } from '../plugins/metrics';
import { errorResponses } from './common';
import { security } from './security';

/** The SDK's calls: login, catalog, reservation, receipt (DESIGN.md §4). */
export const sdkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;

  app.post('/v1/sessions', {
    schema: { tags: ['sdk'], security: security.appKey, summary: 'Log in a user (X-App-Key)', body: CreateSessionBody, response: { 200: CreateSessionResponse, ...errorResponses } },
  }, async (request) => createSession(ctx, await appFromKey(ctx, request), request.body));

  app.get('/v1/products', {
    schema: { tags: ['sdk'], security: security.appKey, summary: 'Product catalog of a market (X-App-Key)', querystring: ProductsQuery, response: { 200: ProductsResponse, ...errorResponses } },
  }, async (request) => {
    const appRow = await appFromKey(ctx, request);
    await ctx.markets.requireEnabled(ctx.db, appRow.app_key, request.query.market);
    return { products: (await listProducts(ctx.db, appRow.app_key)).map((p) => toProduct(p, request.query.market)) };
  });

  app.post('/v1/purchases', {
    schema: { tags: ['sdk'], security: security.session, summary: 'Reserve a purchase (session)', body: ReservePurchaseBody, response: { 200: ReservePurchaseResponse, ...errorResponses } },
  }, async (request) => reservePurchase(ctx, await requireSession(ctx, request), request.body));

  app.post('/v1/receipts', {
    schema: { tags: ['sdk'], security: security.session, summary: 'Verify and record a store receipt (session)', body: SubmitReceiptBody, response: { 200: SubmitReceiptResponse, ...errorResponses } },
  }, async (request) => {
    const market = Metrics.market(request.body.market);
    try {
      const answer = await submitReceipt(ctx, await requireSession(ctx, request), request.body.market, request.body.receipt);
      app.metrics.verifications.inc({ market, code: 'OK' });
      return answer;
    } catch (error) {
      app.metrics.verifications.inc({ market, code: errorCodeOf(error) });
      throw error;
    }
  });
};
