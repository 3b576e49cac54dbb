import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { checkMarketSetting, createApp, requireApp } from '../domain/apps';
import type { BillingContext } from '../domain/context';
import { safeEqual } from '../domain/keys';
import { listAppMarkets, setDataKey, upsertAppMarket } from '../storage/repos/apps';
import { listProducts, toProduct, upsertProduct } from '../storage/repos/products';
import {
  AdminApp,
  AppKeyParams,
  AppMarketParams,
  CreateAppBody,
  CreateAppResponse,
  DataKeyBody,
  MarketConfigBody,
  ProductsBody,
} from './admin-schemas';
import { errorResponses } from './common';
import { security } from './security';

export async function adminAppView(ctx: BillingContext, appKey: string): Promise<AdminApp> {
  const app = await requireApp(ctx.db, appKey);
  const [markets, products] = await Promise.all([listAppMarkets(ctx.db, appKey), listProducts(ctx.db, appKey)]);
  return {
    appKey,
    name: app.name,
    loginToken: Number(app.login_token_required) === 1 || Number(app.sandbox_only) !== 1 ? 'required' : 'off',
    sandboxOnly: Number(app.sandbox_only) === 1,
    legacySignatureUntil: app.legacy_signature_until === null ? null : new Date(Number(app.legacy_signature_until)).toISOString(),
    hasDataKey: app.data_key !== null,
    markets: markets.map((m) => ({ market: m.market, enabled: Boolean(Number(m.enabled)), known: safeKnown(ctx, m.market) })),
    products: products.map((p) => toProduct(p, 'default')),
    createdAt: new Date(Number(app.created_at)).toISOString(),
  };
}

function safeKnown(ctx: BillingContext, market: string): boolean {
  try {
    ctx.markets.module(market);
    return true;
  } catch {
    return false;
  }
}

/** Admin API for tools: `Authorization: Bearer <admin token>` from the config file. */
export const adminRoutes: FastifyPluginAsyncTypebox<{ adminToken?: string }> = async (app, opts) => {
  const ctx = app.billing;
  const token = opts.adminToken;
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const m = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (!token || !m?.[1] || !safeEqual(m[1], token)) throw new BillingError('UNAUTHENTICATED', 'An admin token is required.');
  });
  const tags = ['admin'];
  const ok = { ...errorResponses };

  app.post('/v1/admin/apps', { schema: { tags, security: security.adminToken, summary: 'Create an app', body: CreateAppBody, response: { 200: CreateAppResponse, ...ok } } }, async (request) => {
    const created = await createApp(ctx.db, ctx.keys, request.body, ctx.now());
    if (!created.created) throw new BillingError('CONFLICT', 'An app with this key exists.');
    return { appKey: created.appKey, secretKey: created.secretKey };
  });

  app.get('/v1/admin/apps/:appKey', { schema: { tags, security: security.adminToken, summary: 'Show an app', params: AppKeyParams, response: { 200: AdminApp, ...ok } } }, async (request) =>
    adminAppView(ctx, request.params.appKey),
  );

  app.put('/v1/admin/apps/:appKey/data-key', {
    schema: { tags, security: security.adminToken, summary: 'Register the app\u2019s data key (editor extension)', params: AppKeyParams, body: DataKeyBody, response: { 200: AdminApp, ...ok } },
  }, async (request) => {
    await requireApp(ctx.db, request.params.appKey);
    await ctx.db.write((tx) => setDataKey(tx, request.params.appKey, request.body.dataKey, ctx.now()));
    return adminAppView(ctx, request.params.appKey);
  });

  app.put('/v1/admin/apps/:appKey/markets/:market', {
    schema: { tags, security: security.adminToken, summary: 'Enable and configure a market for an app', params: AppMarketParams, body: MarketConfigBody, response: { 200: AdminApp, ...ok } },
  }, async (request) => {
    const { appKey, market } = request.params;
    const row = await requireApp(ctx.db, appKey);
    ctx.markets.module(market);
    checkMarketSetting(row, market, request.body.enabled, request.body.config);
    await ctx.db.write((tx) => upsertAppMarket(tx, appKey, market, request.body.enabled, request.body.config, ctx.now()));
    return adminAppView(ctx, appKey);
  });

  app.put('/v1/admin/apps/:appKey/products', {
    schema: { tags, security: security.adminToken, summary: 'Add or update catalog products', params: AppKeyParams, body: ProductsBody, response: { 200: AdminApp, ...ok } },
    // Up to 5,000 products of a few fields each, when the operator raises the body limit for imports.
    config: { input: { maxNodes: 100_000 } },
  }, async (request) => {
    await requireApp(ctx.db, request.params.appKey);
    await ctx.db.write(async (tx) => {
      for (const p of request.body.products) await upsertProduct(tx, request.params.appKey, p, ctx.now());
    });
    return adminAppView(ctx, request.params.appKey);
  });
};
